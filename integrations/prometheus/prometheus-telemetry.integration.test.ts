import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConfig } from "@/server/config/get-config.ts";
import { waitFor } from "@/server/testing/wait-for.ts";
import { parsePrometheusMatrix, parsePrometheusVector } from "@/domain/telemetry/parse-prometheus-vector.ts";
import type { EdgeSample, MeshDialect, WorkloadRef } from "@/domain/telemetry/telemetry-types.ts";
import { createPrometheusTelemetrySource, detectDialect, MeshDialectNotDetectedError } from "./mesh-telemetry-source.ts";
import { createPrometheusClient, type PrometheusClient } from "./prometheus-client.ts";
import { PrometheusQueryError, PrometheusUnavailableError } from "./prometheus-errors.ts";
import { startMeshExporter, type ExporterEdge, type MeshExporter } from "@/integrations/prometheus/testing/mesh-exporter.ts";
import { startPrometheusServer, type PrometheusServer } from "@/integrations/prometheus/testing/prometheus-server.ts";

/** The meshes these fixtures play (OpenTelemetry has its own test). */
type TMeshDialect = Exclude<MeshDialect, "otel">;

/**
 * The Prometheus telemetry source against the real Prometheus binary scraping exporters
 * that play a Linkerd mesh and an Istio mesh with known truth. Rates use a 5 s range:
 * with a 1 s scrape interval that range is full ~6 s after start, whereas a 1m range
 * would under-report (rate() divides by the whole range) for the first minute.
 */

const shop = (name: string): WorkloadRef => ({ namespace: name === "payments" ? "pay" : "shop", name });
const book = (name: string): WorkloadRef => ({ namespace: "bookinfo", name });

// Latency ranges start and end on bucket bounds both meshes share (5, 10, 50, 100, 500),
// where histogram_quantile's linear interpolation is exact for a uniform spread.
const LINKERD_EDGES: ExporterEdge[] = [
  { caller: shop("web"), callee: shop("cart"), rps: 20, successRatio: 0.99, latencyMs: { min: 10, max: 100 } },
  { caller: shop("web"), callee: shop("catalog"), rps: 30, successRatio: 0.95, latencyMs: { min: 5, max: 50 } },
  { caller: shop("cart"), callee: shop("payments"), rps: 20, successRatio: 0.9, latencyMs: { min: 100, max: 500 } },
  { caller: null, callee: shop("web"), rps: 25, successRatio: 0.98, latencyMs: { min: 10, max: 50 } },
  { caller: null, callee: shop("cart"), rps: 10, successRatio: 0.9, latencyMs: { min: 10, max: 100 } },
];
const ISTIO_EDGES: ExporterEdge[] = [
  { caller: book("productpage"), callee: book("reviews"), rps: 40, successRatio: 0.97, latencyMs: { min: 10, max: 100 } },
  { caller: book("productpage"), callee: book("details"), rps: 20, successRatio: 0.999, latencyMs: { min: 5, max: 50 } },
  { caller: book("reviews"), callee: book("ratings"), rps: 25, successRatio: 0.8, latencyMs: { min: 50, max: 500 } },
  { caller: null, callee: book("productpage"), rps: 30, successRatio: 0.99, latencyMs: { min: 50, max: 100 } },
];
const RATE_RANGE = "5s";
const THRESHOLD_MS = 50;
const JOBS: Record<TMeshDialect, string> = { linkerd: "linkerd-mesh", istio: "istio-mesh" };

let exporters: Record<TMeshDialect, MeshExporter> | undefined;
let prometheus: PrometheusServer | undefined;
let client: PrometheusClient;
const accuracy: string[] = [];

const key = (w: WorkloadRef | null) => (w === null ? "unknown" : `${w.namespace}/${w.name}`);
const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / expected;
const quantileTruth = (edge: ExporterEdge, q: number) => edge.latencyMs.min + q * (edge.latencyMs.max - edge.latencyMs.min);
const underThreshold = (edge: ExporterEdge) => Math.min(1, Math.max(0, (THRESHOLD_MS - edge.latencyMs.min) / (edge.latencyMs.max - edge.latencyMs.min)));

/** Waits (by polling Prometheus) until every job has `samples` scrapes in the last 30 s. */
async function waitForScrapes(samples: number, timeoutMs: number): Promise<void> {
  let counts: number[] = [];
  await waitFor(
    `Prometheus to scrape every job ${samples} times`,
    async () => {
      counts = parsePrometheusVector(await client.query("count_over_time(up[30s])"), "scrape count").map((s) => s.value);
      return counts.length === Object.keys(JOBS).length && counts.every((c) => c >= samples);
    },
    { timeoutMs, intervalMs: 250, detail: () => `scrape counts: ${counts.join(", ")}` },
  );
}

beforeAll(async () => {
  const [linkerd, istio] = await Promise.all([
    startMeshExporter({ dialect: "linkerd", edges: LINKERD_EDGES }),
    startMeshExporter({ dialect: "istio", edges: ISTIO_EDGES }),
  ]);
  exporters = { linkerd, istio };
  prometheus = await startPrometheusServer({
    scrapeJobs: [
      { jobName: JOBS.linkerd, targets: [linkerd.target] },
      { jobName: JOBS.istio, targets: [istio.target] },
    ],
  });
  // A small retry budget keeps the outage test short.
  client = createPrometheusClient({ baseUrl: prometheus.url, timeoutMs: 5000, retries: 2, backoffBaseMs: 100 });
  // 5 s of rate range plus a margin of scrapes on both sides.
  await waitForScrapes(8, 30_000);
});

afterAll(async () => {
  await Promise.allSettled([prometheus?.stop(), exporters?.linkerd.stop(), exporters?.istio.stop()]);
  if (getConfig().testing.printTelemetryAccuracy) console.info(accuracy.join("\n"));
});

function expectEdgesMatchTruth(dialect: MeshDialect, edges: readonly EdgeSample[], truth: readonly ExporterEdge[]): void {
  expect(edges.map((e) => `${key(e.callerWorkload)}->${key(e.calleeWorkload)}`).sort()).toEqual(
    truth.map((t) => `${key(t.caller)}->${key(t.callee)}`).sort(),
  );
  for (const expected of truth) {
    const edge = edges.find((e) => key(e.callerWorkload) === key(expected.caller) && key(e.calleeWorkload) === key(expected.callee));
    if (!edge) throw new Error(`edge ${key(expected.caller)} -> ${key(expected.callee)} missing`);
    const name = `${dialect} ${key(expected.caller)} -> ${key(expected.callee)}`;
    const rateError = relativeError(edge.requestRate, expected.rps);
    const ratioError = relativeError(edge.successRatio ?? Number.NaN, expected.successRatio);
    expect(rateError, `${name} rate ${edge.requestRate} vs ${expected.rps}`).toBeLessThan(0.05);
    expect(ratioError, `${name} success ${edge.successRatio} vs ${expected.successRatio}`).toBeLessThan(0.05);
    let line = `${name}: rate ${edge.requestRate.toFixed(2)}/${expected.rps} (${(rateError * 100).toFixed(2)} %), success ${edge.successRatio?.toFixed(4)}/${expected.successRatio} (${(ratioError * 100).toFixed(2)} %)`;
    // Linkerd's derived unknown callers have no latency; everything else does.
    if (dialect === "linkerd" && expected.caller === null) {
      expect([edge.latencyP50Ms, edge.latencyP95Ms, edge.latencyP99Ms]).toEqual([null, null, null]);
    } else {
      const measured = [edge.latencyP50Ms, edge.latencyP95Ms, edge.latencyP99Ms];
      const errors = [0.5, 0.95, 0.99].map((q, i) => relativeError(measured[i] ?? Number.NaN, quantileTruth(expected, q)));
      for (const error of errors) expect(error, `${name} latency ${measured.join("/")}`).toBeLessThan(0.1);
      line += `, p50/p95/p99 ${measured.map((m) => m?.toFixed(1)).join("/")} ms (max error ${(Math.max(...errors) * 100).toFixed(2)} %)`;
    }
    accuracy.push(line);
  }
}

describe.each([
  ["linkerd", LINKERD_EDGES],
  ["istio", ISTIO_EDGES],
] as const)("%s dialect against a real Prometheus", (dialect, truth) => {
  const source = () =>
    createPrometheusTelemetrySource({ client, dialect, rateRange: RATE_RANGE, latencyThresholdsMs: [THRESHOLD_MS], extraMatchers: { job: JOBS[dialect] } });

  it("reports every edge with rate, success ratio and latency as the exporter made them, unknown callers as null", async () => {
    const edges = await source().fetchEdges(new Date());
    expectEdgesMatchTruth(dialect, edges, truth);
    expect(edges.filter((e) => e.callerWorkload === null).map((e) => key(e.calleeWorkload))).toEqual(
      truth.filter((t) => t.caller === null).map((t) => key(t.callee)).sort(),
    );
  });

  it("counts inbound SLI events per workload and window consistently", async () => {
    const windows = ["5m", "1h", "28d"] as const;
    const counts = await source().fetchServiceCounts(windows, new Date());
    const callees = [...new Map(truth.map((t) => [key(t.callee), t.callee])).values()];
    expect(counts).toHaveLength(callees.length * windows.length);
    for (const callee of callees) {
      const inbound = truth.filter((t) => key(t.callee) === key(callee));
      const rps = inbound.reduce((sum, t) => sum + t.rps, 0);
      const goodTruth = inbound.reduce((sum, t) => sum + t.rps * t.successRatio, 0) / rps;
      const fastTruth = inbound.reduce((sum, t) => sum + t.rps * underThreshold(t), 0) / rps;
      const perWindow = windows.map((window) => counts.find((c) => key(c.workload) === key(callee) && c.window === window));
      for (const c of perWindow) {
        if (!c) throw new Error(`no counts for ${key(callee)}`);
        const name = `${dialect} ${key(callee)} ${c.window}`;
        // Seconds of data at rps requests per second: at least a few seconds' worth.
        expect(c.total, name).toBeGreaterThan(rps * 4);
        expect(c.good, name).toBeLessThanOrEqual(c.total);
        expect(relativeError(c.good / c.total, goodTruth), `${name} good ratio ${c.good / c.total} vs ${goodTruth}`).toBeLessThan(0.05);
        const fast = c.latencyGood?.[String(THRESHOLD_MS)];
        if (fastTruth === 0) expect(fast, name).toBe(0);
        else expect(relativeError((fast ?? Number.NaN) / c.total, fastTruth), `${name} under ${THRESHOLD_MS} ms`).toBeLessThan(0.05);
        if (c.window === "28d") {
          accuracy.push(`${name}: total ${c.total.toFixed(1)}, good ${(c.good / c.total).toFixed(4)}/${goodTruth.toFixed(4)}, under ${THRESHOLD_MS} ms ${((fast ?? 0) / c.total).toFixed(4)}/${fastTruth.toFixed(4)}`);
        }
      }
      // All the data is younger than 5 minutes, so every window saw the same requests.
      const totals = perWindow.map((c) => c?.total ?? 0);
      expect(relativeError(Math.max(...totals), Math.min(...totals))).toBeLessThan(0.05);
    }
  });

  it("detects the dialect of the job's series", async () => {
    await expect(detectDialect(client, { extraMatchers: { job: JOBS[dialect] } })).resolves.toBe(dialect);
  });
});

describe("Prometheus client against a real Prometheus", () => {
  it("refuses to guess when both meshes' metrics are present", async () => {
    await expect(detectDialect(client)).rejects.toThrow(MeshDialectNotDetectedError);
    await expect(detectDialect(client)).rejects.toThrow(/metrics of several sources \(linkerd, istio\); set the dialect explicitly/);
  });

  it("reports a bad query with its status and errorType (never the answer's text), without retrying", async () => {
    const started = Date.now();
    const error = await client.query("sum by (le (response_total)").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrometheusQueryError);
    expect(error).toMatchObject({ status: 400, errorType: "bad_data" });
    expect((error as Error).message).toMatch(/^Prometheus rejected the query \(HTTP 400 Bad Request, bad_data\)\. Query: sum by/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("answers range queries", async () => {
    const end = new Date();
    const data = await client.queryRange(`sum(rate(response_total[${RATE_RANGE}]))`, { start: new Date(end.getTime() - 3000), end, stepSeconds: 1 });
    const series = parsePrometheusMatrix(data, "range");
    expect(series).toHaveLength(1);
    expect(series[0]?.points.length).toBeGreaterThanOrEqual(3);
  });

  // Last: it takes Prometheus away and brings it back.
  it("raises PrometheusUnavailableError while Prometheus is down and recovers with the same client after a restart", async () => {
    if (!prometheus) throw new Error("Prometheus did not start");
    const source = createPrometheusTelemetrySource({ client, dialect: "istio", rateRange: RATE_RANGE, extraMatchers: { job: JOBS.istio } });
    await prometheus.halt();
    const started = Date.now();
    const error = await source.fetchEdges(new Date()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrometheusUnavailableError);
    expect(error).toMatchObject({ attempts: 3, lastStatus: undefined });
    expect((error as Error).message).toMatch(/is unavailable after 3 attempts: could not reach it \(fetch failed: .*ECONNREFUSED/);
    accuracy.push(`outage: PrometheusUnavailableError after ${Date.now() - started} ms`);

    const restarting = Date.now();
    await prometheus.restart();
    accuracy.push(`restart: ready after ${Date.now() - restarting} ms`);
    // The same client, the same data directory: counts from before the outage are still there.
    const counts = await source.fetchServiceCounts(["1h"], new Date());
    expect(counts.map((c) => key(c.workload)).sort()).toEqual(["bookinfo/details", "bookinfo/productpage", "bookinfo/ratings", "bookinfo/reviews"]);
    for (const c of counts) expect(c.total).toBeGreaterThan(0);
  });
});
