// CPU time of each thread of this process, from /proc/self/task (Linux), so a bench that
// runs PGlite in a worker thread (as `npm start` does) can split the process's CPU into
// the main thread (the app's JavaScript), the busiest other thread (the database's worker,
// when the database is the work) and the rest (V8's GC helpers, libuv's pool). Node 20
// names every thread "node", so the database's is told by its share, not its name.
import fs from "node:fs";

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export type TThreadTicks = Map<number, number> | null;

/** Every thread's CPU ticks, of this process or of another one (a bench's server). */
export function readThreadTicks(pid: number | "self" = "self"): TThreadTicks {
  const ticks = new Map<number, number>();
  let tasks: string[];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return null; // not Linux
  }
  for (const task of tasks) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${task}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks.set(Number(task), Number(fields[11]) + Number(fields[12]));
    } catch {
      // the thread ended while we looked
    }
  }
  return ticks;
}

/** "main 1.92 s, busiest other thread 4.10 s, the rest 0.31 s" between two readings. */
export function describeThreadCpu(before: TThreadTicks, after: TThreadTicks, mainTid: number = process.pid): string {
  if (!before || !after) return "";
  let main = 0;
  let busiest = 0;
  let rest = 0;
  for (const [tid, total] of after) {
    const used = (total - (before.get(tid) ?? 0)) / TICKS_PER_SECOND;
    if (tid === mainTid) main = used;
    else if (used > busiest) {
      rest += busiest;
      busiest = used;
    } else rest += used;
  }
  return `main thread ${main.toFixed(2)} s, busiest other thread ${busiest.toFixed(2)} s, the rest ${rest.toFixed(2)} s`;
}

/** How many of a process's threads run at each nice value ("nice 0 ×9, nice 10 ×2"): whether a priority change took. */
export function describeThreadNice(pid: number): string {
  const counts = new Map<number, number>();
  try {
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      const stat = fs.readFileSync(`/proc/${pid}/task/${task}/stat`, "utf8");
      // Field 19 of stat; the split starts at field 3.
      const nice = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
      counts.set(nice, (counts.get(nice) ?? 0) + 1);
    }
  } catch {
    return "";
  }
  return [...counts].sort(([a], [b]) => a - b).map(([nice, n]) => `nice ${nice} ×${n}`).join(", ");
}

/** Nanoseconds on a core and runnable-but-waiting of each thread (Linux schedstat), of this process or another. */
export function readRunAndWait(pid: number | "self" = "self"): Map<number, { run: number; wait: number }> {
  const stats = new Map<number, { run: number; wait: number }>();
  try {
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      try {
        const [run, wait] = fs.readFileSync(`/proc/${pid}/task/${task}/schedstat`, "utf8").split(" ").map(Number);
        stats.set(Number(task), { run: run ?? 0, wait: wait ?? 0 });
      } catch {
        // the thread ended while we looked
      }
    }
  } catch {
    // not Linux
  }
  return stats;
}

/**
 * While the main thread of `pid` waited for a core, who had the cores: every `intervalMs` the
 * threads' schedstat clocks are read, and in each interval in which the main thread waited,
 * the time the process's other threads ran is counted. On 2 cores, what they ran is the share
 * of the main thread's wait the process caused itself; the rest went to other processes.
 */
export function startRunQueueOverlap(pid: number, intervalMs = 20): { stop(): string } {
  let previous = readRunAndWait(pid);
  let mainWait = 0;
  let busiest = new Map<number, number>();
  const timer = setInterval(() => {
    const now = readRunAndWait(pid);
    const waited = (now.get(pid)?.wait ?? 0) - (previous.get(pid)?.wait ?? 0);
    if (waited > 0) {
      mainWait += waited;
      for (const [tid, clock] of now) {
        if (tid !== pid) busiest.set(tid, (busiest.get(tid) ?? 0) + clock.run - (previous.get(tid)?.run ?? clock.run));
      }
    }
    previous = now;
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      const ran = [...busiest.values()].sort((a, b) => b - a);
      const s = (ns: number) => (ns / 1e9).toFixed(2);
      const summary = `main thread waited ${s(mainWait)} s for a core; meanwhile the busiest other thread ran ${s(ran[0] ?? 0)} s, the rest ${s(ran.slice(1).reduce((a, b) => a + b, 0))} s`;
      busiest = new Map();
      return summary;
    },
  };
}
