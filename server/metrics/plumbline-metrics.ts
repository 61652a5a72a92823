import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** Seconds buckets for HTTP answers and gate decisions: 5 ms to 30 s (a long-poll may hold 30 s). */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Seconds buckets for worker cycles and SLO evaluation: 10 ms to 2 min. */
const CYCLE_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export type TScrapeGaugeReader = (set: (labels: Record<string, string>, value: number) => void) => Promise<void>;

export interface TPlumblineMetrics {
  registry: Registry;
  httpRequests: Counter<"method" | "route" | "status">;
  httpRequestDuration: Histogram<"method" | "route">;
  gateDecisions: Counter<"outcome">;
  gateDecisionDuration: Histogram<"outcome">;
  gateDecisionWriteBatch: Histogram;
  workerCycleDuration: Histogram<"source">;
  workerCycleFailures: Counter<"source">;
  workerLastSuccess: Gauge<"source">;
  watchReconnects: Counter<"resource">;
  sloEvaluationDuration: Histogram;
  /** One table's VACUUM/ANALYZE on the embedded database (server/db/embedded-maintenance.ts). */
  embeddedMaintenanceDuration: Histogram<"action">;
  /** How long statements waited for the embedded database, by priority (server/db/statement-priority-queue.ts). */
  embeddedTurnWait: Histogram<"priority">;
  /** Read at scrape time (server/metrics/scrape-gauges.ts installs the readers). */
  approvalsWaiting: Gauge;
  outboxDepth: Gauge<"queue">;
  outboxOldestAge: Gauge<"queue">;
  scrapeReaders: { approvalsWaiting: TScrapeGaugeReader | null; outbox: TScrapeGaugeReader | null; outboxAge: TScrapeGaugeReader | null };
}

/**
 * Plumbline's own metrics, one set per process. The custom server (scripts/start.ts),
 * the workers and Next's bundled route handlers each load this module separately (and
 * `next dev` reloads it on every change), so the set lives on globalThis: whoever asks
 * first creates it, everyone else records into the same counters and /metrics shows
 * them all. A second registry would silently split the series.
 */
const METRICS_KEY = Symbol.for("plumbline.metrics");
type GlobalWithMetrics = typeof globalThis & { [METRICS_KEY]?: TPlumblineMetrics };

export function getMetrics(): TPlumblineMetrics {
  const g = globalThis as GlobalWithMetrics;
  g[METRICS_KEY] ??= createMetrics();
  return g[METRICS_KEY];
}

/** A fresh, unshared set (unit tests); the process uses getMetrics(). */
export function createMetrics(): TPlumblineMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const scrapeReaders: TPlumblineMetrics["scrapeReaders"] = { approvalsWaiting: null, outbox: null, outboxAge: null };
  // A failed read leaves its gauge empty and counts the error: the rest of the scrape
  // (HTTP, workers) matters most exactly when the database is down.
  const readInto = (gauge: Gauge<string>, name: string, isLabelled: boolean, reader: () => TScrapeGaugeReader | null) => async () => {
    const read = reader();
    gauge.reset();
    if (!read) return;
    try {
      await read((labels, value) => gauge.set(labels, value));
    } catch {
      gauge.reset();
      // reset() puts an unlabelled gauge back at 0, which would read as "nothing waiting": remove it.
      // (A labelled one has no series left after reset(), and remove() without labels would throw.)
      if (!isLabelled) gauge.remove();
      scrapeErrors.inc({ gauge: name });
    }
  };
  const approvalsWaiting: Gauge = new Gauge({
    name: "plumbline_approvals_waiting",
    help: "Deploy requests waiting for an approval (all organizations), read from the database at scrape time.",
    registers: [registry],
    collect: () => readInto(approvalsWaiting, "plumbline_approvals_waiting", false, () => scrapeReaders.approvalsWaiting)(),
  });
  const outboxDepth: Gauge<"queue"> = new Gauge({
    name: "plumbline_outbox_depth",
    help: "Jobs queued or running in an outbox queue (pg-boss), read at scrape time.",
    labelNames: ["queue"],
    registers: [registry],
    collect: () => readInto(outboxDepth, "plumbline_outbox_depth", true, () => scrapeReaders.outbox)(),
  });
  const outboxOldestAge: Gauge<"queue"> = new Gauge({
    name: "plumbline_outbox_oldest_age_seconds",
    help: "Age of the oldest job still queued in an outbox queue (0 when empty), read at scrape time.",
    labelNames: ["queue"],
    registers: [registry],
    collect: () => readInto(outboxOldestAge, "plumbline_outbox_oldest_age_seconds", true, () => scrapeReaders.outboxAge)(),
  });
  // Collected in parallel with the gauges: a failed read shows from the next scrape on.
  const scrapeErrors = new Counter({
    name: "plumbline_metrics_scrape_errors_total",
    help: "Gauges that could not be read at scrape time (e.g. the database was unreachable), by gauge; the gauge is then absent from that scrape.",
    labelNames: ["gauge"],
    registers: [registry],
  });
  return {
    registry,
    httpRequests: new Counter({
      name: "plumbline_http_requests_total",
      help: "HTTP requests answered, by route pattern (never the raw path), method and status.",
      labelNames: ["method", "route", "status"],
      registers: [registry],
    }),
    httpRequestDuration: new Histogram({
      name: "plumbline_http_request_duration_seconds",
      help: "Time to answer an HTTP request (until the last byte was handed to the socket), by route pattern.",
      labelNames: ["method", "route"],
      buckets: REQUEST_BUCKETS,
      registers: [registry],
    }),
    gateDecisions: new Counter({
      name: "plumbline_gate_decisions_total",
      help: "Deploy gate decisions made for new deploy requests, by outcome (approved, rejected, pending).",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    gateDecisionDuration: new Histogram({
      name: "plumbline_gate_decision_duration_seconds",
      help: "Time from a deploy request's arrival to its stored decision (facts, policies, write), by outcome.",
      labelNames: ["outcome"],
      buckets: REQUEST_BUCKETS,
      registers: [registry],
    }),
    gateDecisionWriteBatch: new Histogram({
      name: "plumbline_gate_decision_write_batch_size",
      help: "Deploy decisions written together in one statement (group commit; 1 when a write found none in flight).",
      buckets: [1, 2, 4, 8, 16, 32],
      registers: [registry],
    }),
    workerCycleDuration: new Histogram({
      name: "plumbline_worker_cycle_duration_seconds",
      help: "Duration of one worker cycle (periodic job run), by source, failed cycles included.",
      labelNames: ["source"],
      buckets: CYCLE_BUCKETS,
      registers: [registry],
    }),
    workerCycleFailures: new Counter({
      name: "plumbline_worker_cycle_failures_total",
      help: "Worker cycles that failed (threw), by source.",
      labelNames: ["source"],
      registers: [registry],
    }),
    workerLastSuccess: new Gauge({
      name: "plumbline_worker_last_success_timestamp_seconds",
      help: "Unix time of the last successful cycle of a source in this process.",
      labelNames: ["source"],
      registers: [registry],
    }),
    watchReconnects: new Counter({
      name: "plumbline_kubernetes_watch_reconnects_total",
      help: "Kubernetes list/watch restarts after a failure (connection refused, cut, 5xx), by resource.",
      labelNames: ["resource"],
      registers: [registry],
    }),
    sloEvaluationDuration: new Histogram({
      name: "plumbline_slo_evaluation_duration_seconds",
      help: "Time to evaluate every SLO of every organization once.",
      buckets: CYCLE_BUCKETS,
      registers: [registry],
    }),
    embeddedMaintenanceDuration: new Histogram({
      name: "plumbline_embedded_db_maintenance_duration_seconds",
      help: "Embedded database (PGlite) only: time one table's VACUUM and/or ANALYZE held the database (it answers one statement at a time), by action (vacuum, analyze).",
      labelNames: ["action"],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    embeddedTurnWait: new Histogram({
      name: "plumbline_embedded_db_turn_wait_seconds",
      help: "Embedded database (PGlite) only: time a statement outside a transaction, or a transaction's BEGIN, waited for the database (one runs at a time), by priority (normal: requests; background: the largest reads, the export and the workers).",
      labelNames: ["priority"],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    approvalsWaiting,
    outboxDepth,
    outboxOldestAge,
    scrapeReaders,
  };
}
