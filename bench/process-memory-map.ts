// A process's resident memory split by kind of mapping, from /proc/<pid>/smaps (Linux), so a
// soak can tell which part of RSS grows. V8 reserves each wasm memory (PGlite's Postgres) as
// 10 GiB of address space after a 2 GiB guard: the memory's current size readable and
// writable, the rest of the 10 GiB inaccessible right after it. Only the pages Postgres has
// touched are resident. So "wasm" is the embedded database, "other anonymous" is the
// JavaScript heaps, malloc and thread stacks, and "file-backed" is node's binary and code.
import fs from "node:fs";

const WASM_RESERVATION_BYTES = 10 * 1024 ** 3;

export interface TResidentByKind {
  wasmMb: number;
  otherAnonymousMb: number;
  fileBackedMb: number;
}

interface TMapping {
  start: number;
  end: number;
  perms: string;
  fileBacked: boolean;
  rssKb: number;
}

const HEADER = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/;

function parseMappings(text: string): TMapping[] {
  const mappings: TMapping[] = [];
  for (const line of text.split("\n")) {
    const header = HEADER.exec(line);
    if (header) {
      // Addresses above 2^53 do not occur in user space on x86-64 (47 bits), so Number holds them.
      mappings.push({
        start: parseInt(header[1] ?? "0", 16),
        end: parseInt(header[2] ?? "0", 16),
        perms: header[3] ?? "",
        fileBacked: (header[4] ?? "").startsWith("/"),
        rssKb: 0,
      });
    } else if (line.startsWith("Rss:")) {
      const last = mappings.at(-1);
      if (last) last.rssKb = Number(line.split(/\s+/)[1]);
    }
  }
  return mappings;
}

/** A wasm memory: readable and writable, followed at once by the rest of its 10 GiB reservation, inaccessible. */
function isWasmMemory(mapping: TMapping, next: TMapping | undefined): boolean {
  return (
    !mapping.fileBacked &&
    mapping.perms.startsWith("rw") &&
    next !== undefined &&
    next.start === mapping.end &&
    next.perms.startsWith("---") &&
    next.end - mapping.start === WASM_RESERVATION_BYTES
  );
}

/** null when smaps cannot be read (not Linux, or the process is gone). */
export function readResidentByKind(pid: number): TResidentByKind | null {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/smaps`, "utf8");
  } catch {
    return null;
  }
  return residentByKind(text);
}

/** The split of one smaps text. */
export function residentByKind(smaps: string): TResidentByKind {
  const mappings = parseMappings(smaps);
  let wasmKb = 0;
  let otherAnonymousKb = 0;
  let fileBackedKb = 0;
  mappings.forEach((mapping, index) => {
    if (mapping.fileBacked) fileBackedKb += mapping.rssKb;
    else if (isWasmMemory(mapping, mappings[index + 1])) wasmKb += mapping.rssKb;
    else otherAnonymousKb += mapping.rssKb;
  });
  return { wasmMb: Math.round(wasmKb / 1024), otherAnonymousMb: Math.round(otherAnonymousKb / 1024), fileBackedMb: Math.round(fileBackedKb / 1024) };
}
