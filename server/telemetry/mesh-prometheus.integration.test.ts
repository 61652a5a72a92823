import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getConfig } from "@/server/config/get-config.ts";
import { waitFor } from "@/server/testing/wait-for.ts";
import { parsePrometheusVector } from "@/domain/telemetry/parse-prometheus-vector.ts";
import type { MeshDialect, WorkloadRef } from "@/domain/telemetry/telemetry-types.ts";
import { createPrometheusTelemetrySource, type TelemetrySource } from "@/integrations/prometheus/mesh-telemetry-source.ts";
import { createPrometheusClient, type PrometheusClient } from "@/integrations/prometheus/prometheus-client.ts";
import { startMeshExporter, type ExporterEdge, type MeshExporter } from "@/integrations/prometheus/testing/mesh-exporter.ts";
import { startPrometheusServer, type PrometheusServer } from "@/integrations/prometheus/testing/prometheus-server.ts";
import { getService } from "@/server/catalog/get-service.ts";
import { getPrisma } from "@/server/db/client.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { ingestMeshTelemetry } from "./ingest-mesh-telemetry.ts";
import { importMeshTestCatalog, insertTestWorkloads, meshTestSnapshot, readMeshEdges, readServiceTelemetry } from "@/server/telemetry/testing/telemetry-test-fixtures.ts";

/** The meshes these fixtures play (OpenTelemetry has its own test). */
type TMeshDialect = Exclude<MeshDialect, "otel">;

/**
 * The whole mesh path against a real Prometheus: exporters play a Linkerd and an Istio
 * mesh with known truth, Prometheus scrapes them every second, the ingest use case asks
 * and writes — and the DATABASE must hold the truth (rates and success ratios within
 * 5 %). Linkerd's services are found by slug (a Prometheus-only setup); Istio's through
 * Workload rows, with `reviews` running as two workloads whose edges are merged.
 */

const shop = (name: string): WorkloadRef => ({ namespace: name === "payments" ? "pay" : "shop", name });
const book = (name: string): WorkloadRef => ({ namespace: "bookinfo", name });

const LINKERD_EDGES: ExporterEdge[] = [
  { caller: shop("web"), callee: shop("cart"), rps: 20, successRatio: 0.99, latencyMs: { min: 10, max: 100 } },
  { caller: shop("web"), callee: shop("catalog"), rps: 30, successRatio: 0.95, latencyMs: { min: 5, max: 50 } },
  { caller: shop("cart"), callee: shop("payments"), rps: 20, successRatio: 0.9, latencyMs: { min: 100, max: 500 } },
  { caller: null, callee: shop("web"), rps: 25, successRatio: 0.98, latencyMs: { min: 10, max: 50 } },
  { caller: null, callee: shop("cart"), rps: 10, successRatio: 0.9, latencyMs: { min: 10, max: 100 } },
];
const ISTIO_EDGES: ExporterEdge[] = [
  { caller: book("productpage-v1"), callee: book("reviews-v1"), rps: 25, successRatio: 0.97, latencyMs: { min: 10, max: 100 } },
  { caller: book("productpage-v1"), callee: book("reviews-v2"), rps: 15, successRatio: 0.93, latencyMs: { min: 50, max: 250 } },
  { caller: book("productpage-v1"), callee: book("details-v1"), rps: 20, successRatio: 0.999, latencyMs: { min: 5, max: 50 } },
  { caller: book("reviews-v1"), callee: book("ratings-v1"), rps: 25, successRatio: 0.8, latencyMs: { min: 50, max: 500 } },
  { caller: null, callee: book("productpage-v1"), rps: 30, successRatio: 0.99, latencyMs: { min: 50, max: 100 } },
];
const ISTIO_WORKLOADS: Record<string, string> = {
  "productpage-v1": "productpage",
  "reviews-v1": "reviews",
  "reviews-v2": "reviews",
  "details-v1": "details",
  "ratings-v1": "ratings",
};
const JOBS: Record<TMeshDialect, string> = { linkerd: "linkerd-mesh", istio: "istio-mesh" };
const TOPOLOGY: Record<TMeshDialect, ExporterEdge[]> = { linkerd: LINKERD_EDGES, istio: ISTIO_EDGES };
const RATE_RANGE = "5s";
const WINDOWS = ["5m", "1h", "28d"] as const;

/** The service a workload belongs to in each setup. */
const serviceOf = (dialect: MeshDialect, workload: WorkloadRef | null): string =>
  workload === null ? "unknown" : dialect === "istio" ? (ISTIO_WORKLOADS[workload.name] ?? workload.name) : workload.name;

/** Truth per service edge: rates add up, success ratios weighted by rate. */
function serviceTruth(dialect: TMeshDialect): Map<string, { rps: number; successRatio: number }> {
  const truth = new Map<string, { rps: number; good: number }>();
  for (const edge of TOPOLOGY[dialect]) {
    const key = `mesh:${serviceOf(dialect, edge.caller)}->${serviceOf(dialect, edge.callee)}`;
    const entry = truth.get(key) ?? { rps: 0, good: 0 };
    entry.rps += edge.rps;
    entry.good += edge.rps * edge.successRatio;
    truth.set(key, entry);
  }
  return new Map([...truth].map(([key, t]) => [key, { rps: t.rps, successRatio: t.good / t.rps }]));
}

let exporters: MeshExporter[] = [];
let prometheus: PrometheusServer | undefined;
let client: PrometheusClient;
const accuracy: string[] = [];
const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / expected;

/** Waits until every job was scraped successfully at least `samples` times within the last `range`. */
async function waitForScrapes(samples: number, range: string, timeoutMs: number): Promise<void> {
  let counts: number[] = [];
  await waitFor(
    `Prometheus to scrape every job ${samples} times within ${range}`,
    async () => {
      counts = await client
        // sum, not count: a scrape that timed out is recorded as up=0 and adds no sample.
        .query(`sum_over_time(up[${range}])`)
        .then((data) => parsePrometheusVector(data, "scrape count").map((s) => s.value))
        .catch(() => [] as number[]);
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
  exporters = [linkerd, istio];
  prometheus = await startPrometheusServer({
    scrapeJobs: [
      { jobName: JOBS.linkerd, targets: [linkerd.target] },
      { jobName: JOBS.istio, targets: [istio.target] },
    ],
  });
  client = createPrometheusClient({ baseUrl: prometheus.url, timeoutMs: 5000, retries: 1, backoffBaseMs: 100 });
  await waitForScrapes(8, "30s", 30_000);
});

/**
 * PGlite runs on this thread, and so do the exporters: while it migrates, scrapes are
 * answered late with counters newer than Prometheus's scrape timestamp, which skews a
 * 5 s rate. Before measuring, let a full rate range of undisturbed scrapes pass (this
 * also covers the gap a Prometheus restart leaves).
 */
async function settleScrapes(): Promise<void> {
  // sleep: Prometheus's world runs on real seconds: a 5 s rate needs 6 s of scrapes taken
  // after the disturbance, and no condition we can query tells "taken after" apart.
  await new Promise((resolve) => setTimeout(resolve, 6500));
  await waitForScrapes(5, "6s", 30_000);
}

afterAll(async () => {
  await Promise.allSettled([prometheus?.stop(), ...exporters.map((e) => e.stop())]);
  if (getConfig().testing.printTelemetryAccuracy) console.info(accuracy.join("\n"));
});

describe.each(TEST_DATABASE_KINDS)("mesh ingestion from a real Prometheus on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  const orgs = {} as Record<TMeshDialect, TOrganization>;
  const sources = {} as Record<TMeshDialect, TelemetrySource>;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    orgs.linkerd = await upsertOrganization("linkerd-shop", "Linkerd Shop");
    orgs.istio = await upsertOrganization("istio-books", "Istio Books");
    await importMeshTestCatalog(
      orgs.linkerd.id,
      meshTestSnapshot(["web", "cart", "catalog", "payments"].map((slug) => ({ slug, team: slug === "payments" ? "pay" : "shop" }))),
    );
    await importMeshTestCatalog(orgs.istio.id, meshTestSnapshot(["productpage", "reviews", "details", "ratings"].map((slug) => ({ slug, team: "bookinfo" }))));
    await insertTestWorkloads(
      orgs.istio.id,
      Object.entries(ISTIO_WORKLOADS).map(([name, serviceSlug]) => ({ namespace: "bookinfo", name, serviceSlug })),
    );
    for (const dialect of ["linkerd", "istio"] as const) {
      sources[dialect] = createPrometheusTelemetrySource({ client, dialect, rateRange: RATE_RANGE, latencyThresholdsMs: [50], extraMatchers: { job: JOBS[dialect] } });
    }
    await settleScrapes();
  });
  afterAll(async () => {
    await db?.close();
  });
  // The previous test's ingest ran PGlite on this thread, which can make the exporters miss
  // a scrape; a gap at the end of the rate range makes rate() extrapolate less and read low.
  beforeEach(async () => {
    await waitForScrapes(5, RATE_RANGE, 30_000);
  });

  it.each(["linkerd", "istio"] as const)("stores %s edges, unknown callers and window counts that match the exporter's truth", async (dialect) => {
    const org = orgs[dialect];
    const result = await ingestMeshTelemetry(org.id, sources[dialect], new Date(), { windows: WINDOWS });
    expect(result.edges.ok, JSON.stringify(result.edges)).toBe(true);
    expect(result.counts.ok, JSON.stringify(result.counts)).toBe(true);

    const truth = serviceTruth(dialect);
    const stored = await readMeshEdges(org.id);
    expect(stored.map((e) => e.key).sort()).toEqual([...truth.keys()].sort());
    for (const [key, expected] of truth) {
      const edge = stored.find((e) => e.key === key);
      if (!edge) throw new Error(`${key} missing`);
      const rateError = relativeError(edge.requestRate ?? Number.NaN, expected.rps);
      const successError = relativeError(edge.successRatio ?? Number.NaN, expected.successRatio);
      expect(rateError, `${dialect} ${key} rate ${edge.requestRate} vs ${expected.rps}`).toBeLessThan(0.05);
      expect(successError, `${dialect} ${key} success ${edge.successRatio} vs ${expected.successRatio}`).toBeLessThan(0.05);
      expect(edge.callerId === null).toBe(key.includes("unknown->"));
      accuracy.push(
        `${kind} ${dialect} ${key}: rate ${edge.requestRate?.toFixed(2)}/${expected.rps} (${(rateError * 100).toFixed(2)} %), success ${edge.successRatio?.toFixed(4)}/${expected.successRatio.toFixed(4)} (${(successError * 100).toFixed(2)} %)`,
      );
    }

    // Inbound SLI counts per service: the good ratio is the rate-weighted truth of all its callers.
    const rows = await readServiceTelemetry(org.id);
    const callees = new Set(TOPOLOGY[dialect].map((e) => serviceOf(dialect, e.callee)));
    for (const slug of callees) {
      const inbound = TOPOLOGY[dialect].filter((e) => serviceOf(dialect, e.callee) === slug);
      const goodTruth = inbound.reduce((sum, e) => sum + e.rps * e.successRatio, 0) / inbound.reduce((sum, e) => sum + e.rps, 0);
      for (const window of WINDOWS) {
        const row = rows.find((r) => r.service.slug === slug && r.window === window);
        if (!row) throw new Error(`${dialect} ${slug} ${window}: no counts`);
        expect(row.goodEvents).toBeLessThanOrEqual(row.totalEvents);
        expect(relativeError(row.goodEvents / row.totalEvents, goodTruth), `${dialect} ${slug} ${window}`).toBeLessThan(0.05);
        expect(row.staleSince).toBeNull();
      }
    }
    const page = await getService(org.id, dialect === "linkerd" ? "cart" : "reviews");
    expect(page?.telemetry).toMatchObject({ stale: false, staleSince: null });
    const share = page?.dependents.find((d) => d.source === "mesh")?.trafficShare;
    expect(share).toBeGreaterThan(0);
  });

  // Last: it takes Prometheus away and brings it back.
  it("marks data stale while Prometheus is down and recovers with the same source objects after a restart", async () => {
    if (!prometheus) throw new Error("Prometheus did not start");
    const org = orgs.istio;
    const before = await readMeshEdges(org.id);
    await prometheus.halt();
    const downAt = new Date();
    const down = await ingestMeshTelemetry(org.id, sources.istio, downAt, { windows: WINDOWS });
    expect(down.edges).toMatchObject({ ok: false, reason: expect.stringMatching(/^prometheus:istio: Prometheus at .* is unavailable/) });
    expect(down.counts).toMatchObject({ ok: false });

    const stale = await readMeshEdges(org.id);
    expect(stale.map((e) => [e.key, e.requestRate, e.successRatio])).toEqual(before.map((e) => [e.key, e.requestRate, e.successRatio]));
    for (const edge of stale) expect(edge.staleSince?.toISOString()).toBe(downAt.toISOString());
    const page = await getService(org.id, "reviews");
    expect(page?.telemetry).toMatchObject({ stale: true, staleSince: downAt.toISOString(), staleReason: expect.stringMatching(/unavailable/) });
    expect(page?.dependencies.every((d) => d.stale)).toBe(true);
    const rowCount = await getPrisma().serviceTelemetry.count({ where: { organizationId: org.id, staleSince: downAt } });
    expect(rowCount).toBeGreaterThan(0);

    const restarting = Date.now();
    await prometheus.restart();
    // The same source object: ask until Prometheus has scraped again and answers.
    let recovered = await ingestMeshTelemetry(org.id, sources.istio, new Date(), { windows: WINDOWS });
    await waitFor(
      "fresh edges after the restart",
      async () => {
        if (recovered.edges.ok && recovered.edges.upserted >= before.length) return true;
        recovered = await ingestMeshTelemetry(org.id, sources.istio, new Date(), { windows: WINDOWS });
        return false;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    ).catch(() => undefined); // the expectations below say what was missing
    accuracy.push(`${kind} recovery: data fresh ${Date.now() - restarting} ms after the restart began`);
    expect(recovered.edges).toMatchObject({ ok: true });
    expect(recovered.counts).toMatchObject({ ok: true });
    expect((await readMeshEdges(org.id)).filter((e) => e.staleSince !== null)).toEqual([]);
    expect(await getPrisma().serviceTelemetry.count({ where: { organizationId: org.id, NOT: { staleSince: null } } })).toBe(0);
    expect((await getService(org.id, "reviews"))?.telemetry).toMatchObject({ stale: false, staleSince: null, staleReason: null });
  });
});
