import { readFileSync } from "node:fs";

// Benchmarks' probes (the event-loop monitor, the long-turn trace) ask how much CPU the loop's
// own thread used in a turn. The process's CPU (getrusage) also counts the threads that run
// beside the loop (the graph export's worker, the embedded database's worker, V8's helpers), so
// it made turns look CPU-bound that were not. Linux gives each thread's time on a core in
// /proc/thread-self/schedstat (~10 µs a read); elsewhere the process's, which can only over-state.

let threadClockMissing = false;

export interface TThreadSchedMs {
  /** Time on a core. */
  cpuMs: number;
  /**
   * Time runnable but waiting for a core (schedstat's second field); null where Linux' file is
   * missing. A starved turn with this near its missing CPU lost the core to other threads; with
   * little of it the thread slept (a lock, GC helper threads it waited for).
   */
  runQueueMs: number | null;
}

/** The calling thread's scheduler clocks in ms; the process's CPU where Linux' file is missing. */
export function mainThreadSchedMs(): TThreadSchedMs {
  if (!threadClockMissing) {
    try {
      const [run, wait] = readFileSync("/proc/thread-self/schedstat", "utf8").split(" ");
      return { cpuMs: Number(run) / 1e6, runQueueMs: Number(wait) / 1e6 };
    } catch {
      threadClockMissing = true;
    }
  }
  const usage = process.cpuUsage();
  return { cpuMs: (usage.user + usage.system) / 1000, runQueueMs: null };
}

/** CPU time of the calling thread in ms (its first schedstat field, ns on a core); the process's where Linux' file is missing. */
export function mainThreadCpuMs(): number {
  return mainThreadSchedMs().cpuMs;
}
