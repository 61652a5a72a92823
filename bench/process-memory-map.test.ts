import { describe, expect, it } from "vitest";
import { residentByKind } from "./process-memory-map.ts";

// Excerpts of a PGlite server's /proc/<pid>/smaps (Node 20): a V8 pointer-compression cage
// (readable part, then 8 GiB inaccessible), PGlite's wasm memory (2 GiB guard, 128 MB
// readable, the rest of 10 GiB inaccessible), a file mapping and a plain anonymous one.
const mapping = (range: string, perms: string, rssKb: number, name = "") =>
  `${range} ${perms} 00000000 00:00 0 ${name}\nSize: 4 kB\nRss: ${rssKb} kB\nPss: ${rssKb} kB\n`;

const SMAPS = [
  mapping("7f0975000000-7f09750c0000", "rw-p", 700),
  mapping("7f09750c0000-7f0b74e10000", "---p", 0),
  mapping("7f0b79700000-7f0bf9700000", "---p", 0),
  mapping("7f0bf9700000-7f0c01700000", "rw-p", 96 * 1024),
  mapping("7f0c01700000-7f0e79700000", "---p", 0),
  mapping("55d0c0000000-55d0c5000000", "r-xp", 40 * 1024, "/usr/local/bin/node"),
  mapping("7f10fa220000-7f10fa240000", "rw-p", 128),
].join("");

describe("residentByKind", () => {
  it("counts the mapping followed by the rest of a 10 GiB reservation as wasm, and nothing else", () => {
    expect(residentByKind(SMAPS)).toEqual({ wasmMb: 96, otherAnonymousMb: 1, fileBackedMb: 40 });
  });

  it("counts a readable mapping followed by an inaccessible one of another size as other memory", () => {
    const cageOnly = [mapping("7f0975000000-7f09750c0000", "rw-p", 2048), mapping("7f09750c0000-7f0b74e10000", "---p", 0)].join("");
    expect(residentByKind(cageOnly)).toEqual({ wasmMb: 0, otherAnonymousMb: 2, fileBackedMb: 0 });
  });
});
