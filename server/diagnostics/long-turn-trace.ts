import os from "node:os";
import { constants, PerformanceObserver, type PerformanceEntry } from "node:perf_hooks";
import type http from "node:http";
import { mainThreadSchedMs } from "./main-thread-cpu.ts";

// Benchmarks only (PLUMBLINE_DEBUG_EVENT_LOOP): every event-loop turn of ≥ REPORT_MS, printed
// as one line with what overlapped it, so a long turn can be put down to its cause:
// - garbage collection: the V8 GC events (perf_hooks 'gc' entries) inside the turn, by kind;
// - CPU starvation: the main thread used far less CPU than the turn's wall clock (the OS ran
//   other processes; on a shared machine load average > cores), which no code can fix;
// - our own work: the requests in flight during the turn (method and path), for the rest.
// The counts by threshold (≥ 30 ms, ≥ 50 ms) are kept for readLongTurnCounts.

const KEY = Symbol.for("plumbline.longTurnTrace");
const TICK_MS = 5;
const REPORT_MS = 30;
const LONG_MS = 50;
/** How long GC entries and finished requests are kept to match turns that ended before them. */
const KEEP_MS = 5_000;

interface TGcEvent {
  start: number;
  duration: number;
  kind: string;
}
interface TRequestSpan {
  what: string;
  start: number;
  end: number;
  bytes: number;
}
export interface TLongTurnCounts {
  /** Turns of ≥ 30 ms and ≥ 50 ms wall clock, of those ≥ 50 ms with a GC pause of ≥ 10 ms inside, and the longest turn, ms. */
  atLeast30: number;
  atLeast50: number;
  atLeast50WithGc: number;
  maxMs: number;
}
interface TTrace {
  gc: TGcEvent[];
  requests: TRequestSpan[];
  counts: TLongTurnCounts;
}
type GlobalWithTrace = typeof globalThis & { [KEY]?: TTrace };

function gcKind(entry: PerformanceEntry): string {
  const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
  if (kind === constants.NODE_PERFORMANCE_GC_MINOR) return "scavenge";
  if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) return "mark-compact";
  if (kind === constants.NODE_PERFORMANCE_GC_INCREMENTAL) return "incremental-marking";
  if (kind === constants.NODE_PERFORMANCE_GC_WEAKCB) return "weak-callbacks";
  return `gc-${kind ?? "?"}`;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** process.hrtime (CLOCK_MONOTONIC, V8's profiler clock too) in µs at performance.now() = 0. */
export function monotonicUsAtPerformanceZero(): number {
  const now = performance.now();
  const monotonicUs = Number(process.hrtime.bigint() / 1000n);
  return Math.round(monotonicUs - now * 1000);
}

export function startLongTurnTrace(print: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): void {
  const g = globalThis as GlobalWithTrace;
  if (g[KEY]) return;
  const trace: TTrace = { gc: [], requests: [], counts: { atLeast30: 0, atLeast50: 0, atLeast50WithGc: 0, maxMs: 0 } };
  g[KEY] = trace;
  // The monotonic clock (µs) at performance.now() = 0: what a CPU profile's sample times are on
  // (node --cpu-prof), so bench/long-turn-profile.ts can find each long turn's samples.
  print(`long-turn-clock ${JSON.stringify({ monotonicUsAtZero: monotonicUsAtPerformanceZero() })}`);
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) trace.gc.push({ start: entry.startTime, duration: entry.duration, kind: gcKind(entry) });
  }).observe({ entryTypes: ["gc"] });

  // Turns are matched with GC entries a little later: the observer delivers them after the turn.
  const pending: { start: number; end: number; cpuMs: number; waitMs: number | null }[] = [];
  const settle = () => {
    const now = performance.now();
    while (pending.length > 0 && (pending[0]?.end ?? now) < now - 200) {
      const turn = pending.shift();
      if (!turn) break;
      const wallMs = turn.end - turn.start;
      const gc = trace.gc.filter((e) => e.start < turn.end && e.start + e.duration > turn.start);
      const gcMs = gc.reduce((s, e) => s + e.duration, 0);
      const inFlight = trace.requests.filter((r) => r.start < turn.end && r.end > turn.start);
      if (wallMs >= LONG_MS && gc.some((e) => e.duration >= 10)) trace.counts.atLeast50WithGc += 1;
      print(
        `long-turn ${JSON.stringify({
          at: round(turn.start),
          wallMs: round(wallMs),
          cpuMs: round(turn.cpuMs),
          // Runnable but not on a core (null off Linux): the rest of a starved turn the thread slept.
          waitMs: turn.waitMs === null ? null : round(turn.waitMs),
          gcMs: round(gcMs),
          gc: gc.map((e) => `${e.kind} ${round(e.duration)}`),
          requests: inFlight.map((r) => `${r.what}${Number.isFinite(r.end) ? ` ${Math.round(r.bytes / 1024)} KB` : " (open)"}`),
          load1: round(os.loadavg()[0] ?? 0),
        })}`,
      );
    }
    trace.gc = trace.gc.filter((e) => e.start + e.duration > now - KEEP_MS);
    trace.requests = trace.requests.filter((r) => r.end > now - KEEP_MS);
  };

  let lastAt = performance.now();
  let last = mainThreadSchedMs();
  setInterval(() => {
    const at = performance.now();
    // One reading per tick, kept for the next (200 a second: two a tick were ~1.4 s of the
    // main thread's sampled time in a 3-minute soak). The main thread's, not the process's
    // (main-thread-cpu.ts): the database's and the export's worker threads run beside the loop.
    const now = mainThreadSchedMs();
    // The timer's own period is not part of the turn that delayed it.
    const wallMs = at - lastAt - TICK_MS;
    if (wallMs >= REPORT_MS) {
      trace.counts.atLeast30 += 1;
      if (wallMs >= LONG_MS) trace.counts.atLeast50 += 1;
      trace.counts.maxMs = Math.max(trace.counts.maxMs, round(wallMs));
      pending.push({ start: lastAt + TICK_MS, end: at, cpuMs: now.cpuMs - last.cpuMs, waitMs: now.runQueueMs === null || last.runQueueMs === null ? null : now.runQueueMs - last.runQueueMs });
    }
    if (pending.length > 0) settle();
    lastAt = at;
    last = now;
  }, TICK_MS).unref();
}

/** Wraps a request handler so long turns can name the requests in flight. */
export function withLongTurnTrace<T extends (req: http.IncomingMessage, res: http.ServerResponse) => unknown>(handler: T): T {
  return ((req: http.IncomingMessage, res: http.ServerResponse) => {
    const trace = (globalThis as GlobalWithTrace)[KEY];
    if (trace) {
      const span: TRequestSpan = { what: `${req.method ?? "?"} ${(req.url ?? "").split("?")[0]}`, start: performance.now(), end: Number.POSITIVE_INFINITY, bytes: 0 };
      trace.requests.push(span);
      // The socket outlives the response under keep-alive: count what this response added.
      const socket = req.socket;
      const bytesBefore = socket.bytesWritten;
      res.once("close", () => {
        span.end = performance.now();
        span.bytes = socket.bytesWritten - bytesBefore;
      });
    }
    return handler(req, res);
  }) as T;
}

/** Counts since the start or the last reset. */
export function readLongTurnCounts(reset: boolean): TLongTurnCounts | null {
  const trace = (globalThis as GlobalWithTrace)[KEY];
  if (!trace) return null;
  const counts = { ...trace.counts };
  if (reset) trace.counts = { atLeast30: 0, atLeast50: 0, atLeast50WithGc: 0, maxMs: 0 };
  return counts;
}
