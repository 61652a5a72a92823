import fs from "node:fs";
import os from "node:os";

// The one-process install (the image's CMD) runs the event loop beside threads of its own that
// want a core at the same time: the embedded database's worker (PGlite), the graph export's
// worker and V8's GC helpers. On a 2-core machine the kernel shares the cores among them as
// equals, so the loop's turns stretch while it waits for a core ("starved" long turns,
// server/diagnostics/README.md). Linux lets a process raise (never lower, without privileges)
// the nice value of one of its threads: setpriority(PRIO_PROCESS, tid, n), which is what
// os.setPriority(tid, n) calls. A worker thread lowers its own priority at its start with the
// increment the main thread chose (process-wide, set by scripts/start.ts from the configuration;
// 0 elsewhere: tests and tools run their workers as before).

const KEY = Symbol.for("plumbline.runtime.backgroundThreadNice");
type GlobalWithNice = typeof globalThis & { [KEY]?: number };

/** The nice increment worker threads started from now on give themselves (0: none). */
export function setBackgroundThreadNice(increment: number): void {
  (globalThis as GlobalWithNice)[KEY] = increment;
}

export function backgroundThreadNice(): number {
  return (globalThis as GlobalWithNice)[KEY] ?? 0;
}

/** The kernel's id of the calling thread ("<pid>/task/<tid>"), or null where /proc is missing (not Linux). */
export function currentThreadId(readLink: (path: string) => string = fs.readlinkSync): number | null {
  try {
    const tid = Number(/\/task\/(\d+)$/.exec(readLink("/proc/thread-self"))?.[1]);
    return Number.isInteger(tid) && tid > 0 ? tid : null;
  } catch {
    return null;
  }
}

export type TLowerPriorityResult = { lowered: true; tid: number; from: number; to: number } | { lowered: false; reason: string };

interface TPriorityCalls {
  readLink: (path: string) => string;
  getPriority: (pid: number) => number;
  setPriority: (pid: number, priority: number) => void;
}

const MAX_NICE = 19;

/**
 * Raises the calling thread's nice value by `increment` (to at most 19), only this thread's:
 * on Linux a thread id is a PRIO_PROCESS target of its own. Where that cannot apply (not
 * Linux, no /proc, a refusal) it says why and changes nothing; the caller logs it and goes on.
 */
export function lowerCurrentThreadPriority(increment: number, calls: TPriorityCalls = { readLink: fs.readlinkSync, getPriority: os.getPriority, setPriority: os.setPriority }): TLowerPriorityResult {
  if (increment <= 0) return { lowered: false, reason: "no increment configured" };
  // Elsewhere a thread id is not a process id: os.setPriority would change the whole process, or another one.
  if (process.platform !== "linux") return { lowered: false, reason: `per-thread priorities are Linux's (this is ${process.platform})` };
  const tid = currentThreadId(calls.readLink);
  if (tid === null) return { lowered: false, reason: "/proc/thread-self is not readable" };
  try {
    const from = calls.getPriority(tid);
    const to = Math.min(MAX_NICE, from + increment);
    if (to !== from) calls.setPriority(tid, to);
    return { lowered: true, tid, from, to };
  } catch (error) {
    return { lowered: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
