import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { EdgeSample, ServiceWindowCounts, WorkloadRef } from "@/domain/telemetry/telemetry-types.ts";
import { PrometheusResponseError, PrometheusUnavailableError } from "@/integrations/prometheus/prometheus-errors.ts";
import { getService } from "@/server/catalog/get-service.ts";
import { getPrisma } from "@/server/db/client.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { ingestMeshTelemetry } from "./ingest-mesh-telemetry.ts";
import { getTelemetryCoverage } from "./get-telemetry-coverage.ts";
import {
  importMeshTestCatalog,
  insertTestWorkloads,
  meshTestSnapshot,
  readMeshEdges,
  readServiceTelemetry,
  ScriptedTelemetrySource,
} from "@/server/telemetry/testing/telemetry-test-fixtures.ts";

const shop = (name: string): WorkloadRef => ({ namespace: "shop", name });
const sample = (caller: WorkloadRef | null, callee: WorkloadRef, rate: number, success: number, p99 = 50): EdgeSample => ({
  callerWorkload: caller,
  calleeWorkload: callee,
  requestRate: rate,
  successRatio: success,
  latencyP50Ms: p99 / 5,
  latencyP95Ms: p99 / 2,
  latencyP99Ms: p99,
});
const counts = (workload: WorkloadRef, window: ServiceWindowCounts["window"], total: number, good: number, fast?: number): ServiceWindowCounts => ({
  workload,
  window,
  total,
  good,
  ...(fast === undefined ? {} : { latencyGood: { "100": fast } }),
});

const T0 = new Date("2026-03-02T10:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const WINDOWS = ["5m", "1h", "28d"] as const;

describe.each(TEST_DATABASE_KINDS)("mesh telemetry ingestion on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: TOrganization;
  let other: TOrganization;
  let source: ScriptedTelemetrySource;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = await upsertOrganization("mesh-org", "Mesh Org");
    other = await upsertOrganization("other-org", "Other Org");
    const services = [
      { slug: "web", team: "shop" },
      { slug: "cart", team: "shop" },
      { slug: "catalog", team: "shop" },
      { slug: "payments", team: "pay" },
    ];
    await importMeshTestCatalog(org.id, meshTestSnapshot(services, [["web", "cart"]]));
    await importMeshTestCatalog(other.id, meshTestSnapshot(services));
    // web runs as two workloads (stable + canary) whose names are not its slug.
    await insertTestWorkloads(org.id, [
      { namespace: "shop", name: "web-v2", serviceSlug: "web" },
      { namespace: "shop-canary", name: "web-canary", serviceSlug: "web", cluster: "canary" },
    ]);
    for (const s of await getPrisma().service.findMany({ where: { organizationId: org.id }, select: { id: true, slug: true } })) ids.set(s.slug, s.id);
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(() => {
    source = new ScriptedTelemetrySource();
  });

  it("maps workloads to services, merges workloads of one service, keeps unknown callers and drops self-edges", async () => {
    source.edges = [
      sample(null, shop("web-v2"), 30, 0.99, 40),
      sample(shop("web-v2"), shop("cart"), 10, 0.99, 80),
      sample({ namespace: "shop-canary", name: "web-canary" }, shop("cart"), 10, 0.95, 120),
      sample(shop("web-v2"), { namespace: "shop-canary", name: "web-canary" }, 3, 1),
      sample(shop("cart"), { namespace: "pay", name: "payments" }, 4, 0.9),
      // A meshed caller no service claims: its traffic stays, as an unknown caller.
      sample({ namespace: "jobs", name: "nightly-export" }, shop("catalog"), 2, 1),
      // A callee no service claims cannot be stored.
      sample(shop("cart"), { namespace: "db", name: "redis" }, 50, 1),
      // Idle: Prometheus knows the relation but it carried nothing.
      { ...sample(shop("catalog"), { namespace: "pay", name: "payments" }, 0, 1), successRatio: null },
    ];
    source.counts = [
      counts(shop("web-v2"), "5m", 9000, 8910, 8000),
      counts({ namespace: "shop-canary", name: "web-canary" }, "5m", 1000, 900, 700),
      counts(shop("cart"), "5m", 6000, 5880),
      counts(shop("cart"), "1h", 72_000, 71_000),
      counts({ namespace: "ghost", name: "ghost" }, "5m", 10, 10),
    ];
    const result = await ingestMeshTelemetry(org.id, source, T0, { windows: WINDOWS });

    expect(result.edges).toMatchObject({ ok: true, upserted: 4, selfEdgesDropped: 1 });
    if (!result.edges.ok) throw new Error("edges failed");
    expect(result.edges.unmappedCallees).toEqual([{ namespace: "db", name: "redis" }]);
    expect(result.edges.unmappedCallers).toEqual([{ namespace: "jobs", name: "nightly-export" }]);
    const edges = await readMeshEdges(org.id);
    expect(edges.map((e) => e.key)).toEqual(["mesh:cart->payments", "mesh:unknown->catalog", "mesh:unknown->web", "mesh:web->cart"]);
    const webToCart = edges.find((e) => e.key === "mesh:web->cart");
    expect(webToCart).toMatchObject({ callerId: ids.get("web"), calleeId: ids.get("cart"), requestRate: 20, latencyP99Ms: 120, goneAt: null, staleSince: null });
    expect(webToCart?.successRatio).toBeCloseTo(0.97, 10);
    expect(webToCart?.lastSeenAt?.toISOString()).toBe(T0.toISOString());
    expect(edges.find((e) => e.key === "mesh:unknown->web")).toMatchObject({ callerId: null, calleeId: ids.get("web"), requestRate: 30 });
    // The declared edge is untouched and separate.
    expect(await getPrisma().edge.count({ where: { organizationId: org.id, source: "declared" } })).toBe(1);

    const rows = await readServiceTelemetry(org.id);
    const web5m = rows.find((r) => r.service.slug === "web" && r.window === "5m");
    expect(web5m).toMatchObject({ totalEvents: 10_000, goodEvents: 9810, latencyGood: { "100": 8700 }, staleSince: null });
    expect(rows.find((r) => r.service.slug === "cart" && r.window === "5m")?.latencyGood).toEqual({});
    expect(rows.filter((r) => r.service.slug === "cart").map((r) => r.window).sort()).toEqual(["1h", "5m"]);
    expect(result.counts).toMatchObject({ ok: true, upserted: 3, unmapped: [{ namespace: "ghost", name: "ghost" }] });
    expect(await getPrisma().edge.count({ where: { organizationId: other.id, source: "mesh" } })).toBe(0);
    expect(await getPrisma().serviceTelemetry.count({ where: { organizationId: other.id } })).toBe(0);

    // Coverage: nothing read is dropped without a word.
    const coverage = await getTelemetryCoverage(org.id);
    expect(coverage.sources.map((c) => c.source)).toEqual(["fake:mesh"]);
    const unmatched = coverage.sources[0]?.endpoints.filter((e) => e.service === null).map((e) => [e.role, `${e.namespace}/${e.workload}`, e.reason]);
    expect(unmatched?.sort()).toEqual([
      ["callee", "db/redis", "no service for workload `redis` in namespace `db`"],
      ["caller", "jobs/nightly-export", "no service for workload `nightly-export` in namespace `jobs`"],
      ["inbound", "ghost/ghost", "no service for workload `ghost` in namespace `ghost`"],
    ]);
    expect(coverage.sources[0]?.endpoints.find((e) => e.role === "callee" && e.workload === "web-v2")).toMatchObject({ service: { slug: "web" }, rule: "discovered-workload" });
    expect((await getTelemetryCoverage(other.id)).sources).toEqual([]);
  });

  it("updates in place on the next round, quiets unseen edges, marks them gone after the grace time and revives them", async () => {
    source.edges = [sample(null, shop("web-v2"), 35, 0.995), sample(shop("web-v2"), shop("cart"), 22, 0.98)];
    await ingestMeshTelemetry(org.id, source, at(15_000), { windows: WINDOWS });
    let edges = await readMeshEdges(org.id);
    expect(edges).toHaveLength(4);
    expect(edges.find((e) => e.key === "mesh:web->cart")).toMatchObject({ requestRate: 22, successRatio: 0.98 });
    // Not seen this round: no traffic now, but not gone yet, and last seen stays.
    const quiet = edges.find((e) => e.key === "mesh:cart->payments");
    expect(quiet).toMatchObject({ requestRate: 0, successRatio: null, latencyP99Ms: null, goneAt: null });
    expect(quiet?.lastSeenAt?.toISOString()).toBe(T0.toISOString());

    await ingestMeshTelemetry(org.id, source, at(10 * 60_000 + 1000), { windows: WINDOWS, edgeGoneAfterMs: 10 * 60_000 });
    edges = await readMeshEdges(org.id);
    expect(edges.find((e) => e.key === "mesh:cart->payments")?.goneAt?.toISOString()).toBe(at(10 * 60_000 + 1000).toISOString());
    expect(edges.find((e) => e.key === "mesh:web->cart")?.goneAt).toBeNull();
    // Gone edges leave the service page but are kept.
    expect((await getService(org.id, "cart"))?.dependencies.map((d) => d.service.slug)).toEqual([]);

    source.edges = [sample(shop("cart"), { namespace: "pay", name: "payments" }, 5, 0.97)];
    await ingestMeshTelemetry(org.id, source, at(11 * 60_000), { windows: WINDOWS });
    edges = await readMeshEdges(org.id);
    expect(edges.find((e) => e.key === "mesh:cart->payments")).toMatchObject({ goneAt: null, requestRate: 5 });
    expect((await getService(org.id, "cart"))?.dependencies.map((d) => d.service.slug)).toEqual(["payments"]);
  });

  it("marks everything stale with the reason when the source fails, keeps the values, and recovers on the next good round", async () => {
    source.edges = [sample(null, shop("web-v2"), 40, 0.99), sample(shop("web-v2"), shop("cart"), 20, 0.98)];
    source.counts = [counts(shop("web-v2"), "5m", 12_000, 11_900), counts(shop("cart"), "5m", 6000, 5990)];
    await ingestMeshTelemetry(org.id, source, at(12 * 60_000), { windows: WINDOWS });
    const before = await readMeshEdges(org.id);
    const countsBefore = await readServiceTelemetry(org.id);

    source.failure = new PrometheusUnavailableError("http://127.0.0.1:9", 3, undefined, "could not reach it (fetch failed: ECONNREFUSED)");
    const failedAt = at(12 * 60_000 + 15_000);
    const failed = await ingestMeshTelemetry(org.id, source, failedAt, { windows: WINDOWS });
    expect(failed.edges).toMatchObject({ ok: false, reason: expect.stringMatching(/^fake:mesh: Prometheus at .* is unavailable/) });
    expect(failed.counts).toMatchObject({ ok: false });
    // Coverage is kept from the last complete round, with its time, not emptied.
    const coverageAfterFailure = await getTelemetryCoverage(org.id);
    expect(coverageAfterFailure.sources[0]?.measuredAt).toBe(at(12 * 60_000).toISOString());
    expect(coverageAfterFailure.sources[0]?.matched.endpoints).toBeGreaterThan(0);
    // A second failed round much later: nothing goes "gone" for lack of answers, the first stale time stays.
    await ingestMeshTelemetry(org.id, source, at(40 * 60_000), { windows: WINDOWS });

    const staleEdges = await readMeshEdges(org.id);
    const active = staleEdges.filter((e) => e.goneAt === null);
    expect(active.length).toBeGreaterThan(0);
    for (const edge of active) {
      expect(edge.staleSince?.toISOString()).toBe(failedAt.toISOString());
      expect(edge.staleReason).toMatch(/ECONNREFUSED/);
      const previous = before.find((b) => b.key === edge.key);
      expect({ rate: edge.requestRate, success: edge.successRatio, lastSeen: edge.lastSeenAt }).toEqual({
        rate: previous?.requestRate,
        success: previous?.successRatio,
        lastSeen: previous?.lastSeenAt,
      });
    }
    const staleCounts = await readServiceTelemetry(org.id);
    for (const row of staleCounts) {
      const previous = countsBefore.find((b) => b.service.slug === row.service.slug && b.window === row.window);
      // Rows already stale (not reported since an earlier round) keep their first stale time.
      expect(row.staleSince?.toISOString()).toBe((previous?.staleSince ?? failedAt).toISOString());
      expect(row.staleReason).toMatch(/ECONNREFUSED/);
      expect([row.totalEvents, row.goodEvents, row.measuredAt]).toEqual([previous?.totalEvents, previous?.goodEvents, previous?.measuredAt]);
    }
    const detail = await getService(org.id, "web");
    expect(detail?.telemetry).toMatchObject({ stale: true, staleSince: failedAt.toISOString(), staleReason: expect.stringMatching(/ECONNREFUSED/) });
    expect(detail?.dependents.length ?? 0).toBeGreaterThanOrEqual(0);
    expect(detail?.dependencies.find((d) => d.service.slug === "cart")?.stale).toBe(true);

    // Recovery: the same source object answers again.
    source.failure = null;
    const recoveredAt = at(41 * 60_000);
    await ingestMeshTelemetry(org.id, source, recoveredAt, { windows: WINDOWS });
    const recovered = await readMeshEdges(org.id);
    expect(recovered.filter((e) => e.staleSince !== null)).toEqual([]);
    const recoveredCounts = await readServiceTelemetry(org.id);
    const reported = recoveredCounts.filter((r) => r.window === "5m" && ["web", "cart"].includes(r.service.slug));
    expect(reported.map((r) => r.staleSince)).toEqual([null, null]);
    // Rows the recovered source did not report stay stale, with a reason saying so.
    const unreported = recoveredCounts.find((r) => r.service.slug === "cart" && r.window === "1h");
    expect(unreported?.staleReason).toBe("fake:mesh reported no counts for this service and window");
    const page = await getService(org.id, "cart");
    expect(page?.telemetry.measuredAt).toBe(recoveredAt.toISOString());
  });

  it("treats a garbage answer like an outage", async () => {
    source.failure = new PrometheusResponseError("sum(x)", "the answer is not JSON: <html>");
    const result = await ingestMeshTelemetry(org.id, source, at(50 * 60_000), { windows: WINDOWS });
    expect(result.edges).toMatchObject({ ok: false, reason: "fake:mesh: the answer is not JSON: <html>" });
    const active = (await readMeshEdges(org.id)).filter((e) => e.goneAt === null);
    expect(active.length).toBeGreaterThan(0);
    expect(active.map((e) => e.staleReason)).toEqual(active.map(() => "fake:mesh: the answer is not JSON: <html>"));
  });

  it("rewrites only edges whose values changed; an unchanged edge keeps its row and updatedAt, its last-seen refreshed by a heartbeat", async () => {
    const rows = async () => {
      const list = await getPrisma().$queryRaw<{ key: string; version: string; updatedAt: Date; lastSeenAt: Date | null }[]>`
        SELECT "key", xmin::text AS version, "updatedAt", "lastSeenAt" FROM "Edge"
        WHERE "organizationId" = ${org.id} AND "source" = 'mesh' AND "key" IN ('mesh:web->cart', 'mesh:unknown->web')`;
      return new Map(list.map((row) => [row.key, row]));
    };
    const start = at(60 * 60_000);
    source.edges = [sample(null, shop("web-v2"), 50, 0.99), sample(shop("web-v2"), shop("cart"), 20, 0.98)];
    await ingestMeshTelemetry(org.id, source, start, { windows: WINDOWS });
    const first = await rows();

    // 15 s later: web → cart carries the same traffic, the inbound edge does not.
    source.edges = [sample(null, shop("web-v2"), 55, 0.99), sample(shop("web-v2"), shop("cart"), 20, 0.98)];
    const second = await ingestMeshTelemetry(org.id, source, at(60 * 60_000 + 15_000), { windows: WINDOWS });
    const afterSecond = await rows();
    expect(afterSecond.get("mesh:web->cart")).toEqual(first.get("mesh:web->cart"));
    expect(afterSecond.get("mesh:unknown->web")?.updatedAt.toISOString()).toBe(at(60 * 60_000 + 15_000).toISOString());
    expect(second.edges).toMatchObject({ ok: true, upserted: 1 });

    // Two minutes on (past a tenth of the 10-minute gone-after time): last seen moves, the values and updatedAt do not.
    const later = at(60 * 60_000 + 120_000);
    source.edges = [sample(null, shop("web-v2"), 55, 0.99), sample(shop("web-v2"), shop("cart"), 20, 0.98)];
    await ingestMeshTelemetry(org.id, source, later, { windows: WINDOWS });
    const webToCart = (await rows()).get("mesh:web->cart");
    expect(webToCart?.lastSeenAt?.toISOString()).toBe(later.toISOString());
    expect(webToCart?.updatedAt.toISOString()).toBe(start.toISOString());
    expect((await readMeshEdges(org.id)).find((e) => e.key === "mesh:web->cart")).toMatchObject({ requestRate: 20, goneAt: null, staleSince: null });
  });

  it("removes the counts of a window no longer asked for and marks unreported ones stale, leaving reported ones current", async () => {
    const first = at(70 * 60_000);
    source.counts = [counts(shop("cart"), "5m", 100, 99), counts(shop("cart"), "1h", 1_000, 990), counts(shop("cart"), "28d", 9_000, 8_900)];
    await ingestMeshTelemetry(org.id, source, first, { windows: WINDOWS });
    const hourRows = (await readServiceTelemetry(org.id)).filter((row) => row.window === "1h").length;
    expect(hourRows).toBeGreaterThan(0);

    // The SLOs no longer ask for 1h; web's 5m is not reported this round.
    const second = at(70 * 60_000 + 15_000);
    source.counts = [counts(shop("cart"), "5m", 110, 108), counts(shop("cart"), "28d", 9_100, 9_000)];
    const result = await ingestMeshTelemetry(org.id, source, second, { windows: ["5m", "28d"] });
    expect(result.counts).toMatchObject({ ok: true, removed: hourRows });
    const rows = await readServiceTelemetry(org.id);
    expect([...new Set(rows.map((row) => row.window))].sort()).toEqual(["28d", "5m"]);
    const cart5m = rows.find((row) => row.service.slug === "cart" && row.window === "5m");
    expect(cart5m).toMatchObject({ totalEvents: 110, goodEvents: 108, staleSince: null, staleReason: null });
    expect(cart5m?.measuredAt.toISOString()).toBe(second.toISOString());
    const web5m = rows.find((row) => row.service.slug === "web" && row.window === "5m");
    expect(web5m?.staleReason).toBe("fake:mesh reported no counts for this service and window");

    // Nothing left to settle: a third identical round removes and stales nothing more.
    const third = await ingestMeshTelemetry(org.id, source, at(70 * 60_000 + 30_000), { windows: ["5m", "28d"] });
    expect(third.counts).toMatchObject({ ok: true, removed: 0, unreported: 0 });
  });
});
