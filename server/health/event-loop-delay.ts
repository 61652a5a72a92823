import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import { mainThreadCpuMs } from "@/server/diagnostics/main-thread-cpu.ts";

// The web process's event-loop delay, for benchmarks (PLUMBLINE_DEBUG_EVENT_LOOP): how
// long a ready callback waited because something else held the loop. One histogram per
// process, on globalThis so the custom server and Next's route bundles share it.

const KEY = Symbol.for("plumbline.eventLoopDelay");
type GlobalWithMonitor = typeof globalThis & { [KEY]?: { histogram: IntervalHistogram; since: number; stretches: TStretches } };

/**
 * On a shared machine a callback also waits while the OS runs other processes, and the
 * histogram cannot tell that from our own work. So a timer ticking every TICK_MS also reads
 * the main thread's CPU time: a gap between ticks in which the main thread ran ≥ LONG_MS was
 * work of ours holding the loop (a long task or a GC pause), whatever the wall clock said.
 * The main thread's own time (Linux: /proc/thread-self/schedstat, read on the loop's thread),
 * not the process's: the process's includes the graph export's worker thread and V8's helper
 * threads, which run beside the loop (a 33 ms turn measured 68 ms of process CPU while an
 * export streamed). Where that file is missing, the process's CPU, which can only over-state.
 */
interface TStretches {
  /** The most CPU the main thread used between two ticks, ms. */
  maxCpuMs: number;
  /** Gaps between ticks of ≥ LONG_MS wall clock, and of those the ones that used ≥ LONG_MS of CPU. */
  longWall: number;
  longCpu: number;
}
const TICK_MS = 10;
const LONG_MS = 50;

/** Sampling resolution: delays are measured in steps of this many ms on top of the timer's own. */
const RESOLUTION_MS = 10;

export function startEventLoopDelayMonitor(): void {
  const g = globalThis as GlobalWithMonitor;
  if (g[KEY]) return;
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  const stretches: TStretches = { maxCpuMs: 0, longWall: 0, longCpu: 0 };
  g[KEY] = { histogram, since: Date.now(), stretches };
  let lastAt = performance.now();
  let lastCpuMs = mainThreadCpuMs();
  setInterval(() => {
    const at = performance.now();
    // One reading per tick, kept for the next tick's difference.
    const cpuNowMs = mainThreadCpuMs();
    const cpuMs = cpuNowMs - lastCpuMs;
    const { stretches: current } = g[KEY] ?? { stretches };
    current.maxCpuMs = Math.max(current.maxCpuMs, cpuMs);
    if (at - lastAt >= LONG_MS) current.longWall += 1;
    if (cpuMs >= LONG_MS) current.longCpu += 1;
    lastAt = at;
    lastCpuMs = cpuNowMs;
  }, TICK_MS).unref();
}

export interface TEventLoopDelay {
  maxMs: number;
  p99Ms: number;
  p50Ms: number;
  meanMs: number;
  samples: number;
  windowMs: number;
  /** The most CPU time the main thread used while the loop went once round (see TStretches). */
  maxStretchCpuMs: number;
  /** Loop turns of ≥ 50 ms wall clock, and of those that used ≥ 50 ms of CPU. */
  longStretches: number;
  longCpuStretches: number;
}

const ms = (ns: number) => Math.round((ns / 1e6) * 10) / 10;

/** The delay since start or the last reset; `reset` starts a new window. */
export function readEventLoopDelay(reset: boolean): TEventLoopDelay {
  startEventLoopDelayMonitor();
  const monitor = (globalThis as GlobalWithMonitor)[KEY];
  if (!monitor) throw new Error("event-loop monitor did not start");
  const h = monitor.histogram;
  const result = {
    maxMs: ms(h.max),
    p99Ms: ms(h.percentile(99)),
    p50Ms: ms(h.percentile(50)),
    meanMs: ms(Number.isNaN(h.mean) ? 0 : h.mean),
    samples: h.count,
    windowMs: Date.now() - monitor.since,
    maxStretchCpuMs: Math.round(monitor.stretches.maxCpuMs * 10) / 10,
    longStretches: monitor.stretches.longWall,
    longCpuStretches: monitor.stretches.longCpu,
  };
  if (reset) {
    h.reset();
    monitor.stretches.maxCpuMs = 0;
    monitor.stretches.longWall = 0;
    monitor.stretches.longCpu = 0;
    monitor.since = Date.now();
  }
  return result;
}
