import { readFileSync } from "node:fs";

// Benchmarks' probes (the event-loop monitor, the long-turn trace) ask how much CPU the loop's
// own thread used in a turn. The process's CPU (getrusage) also counts the threads that run
// beside the loop (the graph export's worker, the embedded database's worker, V8's helpers), so
// it made turns look CPU-bound that were not. Linux gives each thread's time on a core in
// /proc/thread-self/schedstat (~10 µs a read); elsewhere the process's, which can only over-state.

let threadClockMissing = false;

/** CPU time of the calling thread in ms (its first schedstat field, ns on a core); the process's where Linux' file is missing. */
export function mainThreadCpuMs(): number {
  if (!threadClockMissing) {
    try {
      return Number(readFileSync("/proc/thread-self/schedstat", "utf8").split(" ")[0]) / 1e6;
    } catch {
      threadClockMissing = true;
    }
  }
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}
