// When each thread of this process was busy during a bench step: every ~100 ms (or as soon
// as the main thread gets to it, when it is busy) the CPU ticks of every thread are read
// from /proc/self/task (bench/thread-cpu.ts). Totals say how much each thread worked; the
// timeline says whether they worked at the same time, and where both were idle (waiting on
// each other). Printed as one line per interval: main thread and the busiest other thread
// (the embedded database's worker), in ms of CPU over the interval's length. On a shared
// machine a thread that did nothing may have been waiting for a core, not for the other
// thread: the first line splits each thread's wall time into on a core, runnable but
// waiting for one (the machine's load), and asleep (waiting on the other thread or on I/O),
// from /proc/self/task/<tid>/schedstat.
import { readRunAndWait as readSchedstat, readThreadTicks, type TThreadTicks } from "./thread-cpu.ts";

const TICK_MS = 10; // USER_HZ 100

export interface TThreadTimeline {
  stop(): string[];
}

export function startThreadTimeline(intervalMs = 100): TThreadTimeline {
  const started = performance.now();
  const schedBefore = readSchedstat();
  const samples: { at: number; ticks: TThreadTicks }[] = [{ at: 0, ticks: readThreadTicks() }];
  const timer = setInterval(() => samples.push({ at: performance.now() - started, ticks: readThreadTicks() }), intervalMs);
  return {
    stop() {
      clearInterval(timer);
      samples.push({ at: performance.now() - started, ticks: readThreadTicks() });
      const first = samples[0]?.ticks;
      const last = samples.at(-1)?.ticks;
      if (!first || !last) return [];
      // The database's thread: the other thread that worked most over the whole step.
      let database = -1;
      let most = -1;
      for (const [tid, total] of last) {
        const used = total - (first.get(tid) ?? 0);
        if (tid !== process.pid && used > most) [database, most] = [tid, used];
      }
      const wallMs = performance.now() - started;
      const schedAfter = readSchedstat();
      const split = (name: string, tid: number) => {
        const before = schedBefore.get(tid) ?? { run: 0, wait: 0 };
        const after = schedAfter.get(tid) ?? before;
        const run = (after.run - before.run) / 1e6;
        const wait = (after.wait - before.wait) / 1e6;
        return `${name} on a core ${(run / 1000).toFixed(2)} s, waiting for a core ${(wait / 1000).toFixed(2)} s, asleep ${((wallMs - run - wait) / 1000).toFixed(2)} s`;
      };
      const lines: string[] = [`of ${(wallMs / 1000).toFixed(2)} s: ${split("main", process.pid)}; ${split("database", database)}`];
      for (let i = 1; i < samples.length; i += 1) {
        const before = samples[i - 1];
        const after = samples[i];
        if (!before?.ticks || !after?.ticks) continue;
        const used = (tid: number) => ((after.ticks?.get(tid) ?? 0) - (before.ticks?.get(tid) ?? 0)) * TICK_MS;
        lines.push(
          `${before.at.toFixed(0).padStart(6)}–${after.at.toFixed(0).padStart(6)} ms: main ${String(used(process.pid)).padStart(4)} ms, database ${String(used(database)).padStart(4)} ms`,
        );
      }
      return lines;
    },
  };
}
