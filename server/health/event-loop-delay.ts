import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";

// The web process's event-loop delay, for benchmarks (PLUMBLINE_DEBUG_EVENT_LOOP): how
// long a ready callback waited because something else held the loop. One histogram per
// process, on globalThis so the custom server and Next's route bundles share it.

const KEY = Symbol.for("plumbline.eventLoopDelay");
type GlobalWithMonitor = typeof globalThis & { [KEY]?: { histogram: IntervalHistogram; since: number } };

/** Sampling resolution: delays are measured in steps of this many ms on top of the timer's own. */
const RESOLUTION_MS = 10;

export function startEventLoopDelayMonitor(): void {
  const g = globalThis as GlobalWithMonitor;
  if (g[KEY]) return;
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  g[KEY] = { histogram, since: Date.now() };
}

export interface TEventLoopDelay {
  maxMs: number;
  p99Ms: number;
  p50Ms: number;
  meanMs: number;
  samples: number;
  windowMs: number;
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
  };
  if (reset) {
    h.reset();
    monitor.since = Date.now();
  }
  return result;
}
