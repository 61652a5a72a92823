import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TServiceEdge } from "@/domain/telemetry/aggregate-mesh-telemetry.ts";
import type { EdgeSample, WorkloadRef } from "@/domain/telemetry/telemetry-types.ts";
import { getPrisma } from "@/server/db/client.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { ingestMeshTelemetry } from "./ingest-mesh-telemetry.ts";
import { replaceTelemetryCoverage } from "./telemetry-coverage.repository.ts";
import { insertNewMeshEdges, insertNewServiceTelemetry } from "./telemetry-new-rows.repository.ts";
import { importMeshTestCatalog, meshTestSnapshot, ScriptedTelemetrySource } from "@/server/telemetry/testing/telemetry-test-fixtures.ts";

// An organization's first mesh round writes with plain inserts that check their services in
// the statement (on PGlite without the foreign keys' per-row checks); later rounds upsert.
// These pin what readers must not be able to tell apart, and what must still fail.

const shop = (name: string): WorkloadRef => ({ namespace: "shop", name });
const sample = (caller: WorkloadRef | null, callee: WorkloadRef, rate: number): EdgeSample => ({
  callerWorkload: caller,
  calleeWorkload: callee,
  requestRate: rate,
  successRatio: 0.99,
  latencyP50Ms: 10,
  latencyP95Ms: 20,
  latencyP99Ms: 40,
});
const T0 = new Date("2026-03-02T10:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const WINDOWS = ["5m", "1h"] as const;

describe.each(TEST_DATABASE_KINDS)("a mesh round's new rows on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: TOrganization;
  let other: TOrganization;
  const ids = new Map<string, string>();
  const otherIds = new Map<string, string>();
  const services = [
    { slug: "web", team: "shop" },
    { slug: "cart", team: "shop" },
    { slug: "catalog", team: "shop" },
    { slug: "payments", team: "pay" },
  ];

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = await upsertOrganization("new-rows-org", "New Rows Org");
    other = await upsertOrganization("new-rows-other", "Other Org");
    await importMeshTestCatalog(org.id, meshTestSnapshot(services));
    await importMeshTestCatalog(other.id, meshTestSnapshot(services));
    for (const s of await getPrisma().service.findMany({ where: { organizationId: org.id }, select: { id: true, slug: true } })) ids.set(s.slug, s.id);
    for (const s of await getPrisma().service.findMany({ where: { organizationId: other.id }, select: { id: true, slug: true } })) otherIds.set(s.slug, s.id);
  });
  afterAll(async () => {
    await db?.close();
  });

  const edgeRows = () =>
    getPrisma().edge.findMany({
      where: { organizationId: org.id, source: "mesh" },
      select: { id: true, key: true, callerId: true, calleeId: true, requestRate: true, createdAt: true, updatedAt: true, goneAt: true },
      orderBy: { key: "asc" },
    });
  const dependents = async () =>
    new Map((await getPrisma().service.findMany({ where: { organizationId: org.id }, select: { slug: true, dependentCount: { select: { count: true } } } })).map((s) => [s.slug, s.dependentCount?.count]));

  it("the first round inserts every edge and count with its dependents counted; the next one updates those rows in place and inserts only the new edge", async () => {
    const source = new ScriptedTelemetrySource();
    source.edges = [sample(null, shop("web"), 30), sample(shop("web"), shop("cart"), 10), sample(shop("web"), shop("catalog"), 5)];
    source.counts = [
      { workload: shop("web"), window: "5m", total: 100, good: 99 },
      { workload: shop("cart"), window: "1h", total: 50, good: 50 },
    ];
    const first = await ingestMeshTelemetry(org.id, source, T0, { windows: WINDOWS });
    expect(first.edges).toMatchObject({ ok: true, upserted: 3 });
    expect(first.counts).toMatchObject({ ok: true, upserted: 2 });
    const afterFirst = await edgeRows();
    expect(afterFirst.map((e) => [e.key, e.callerId, e.calleeId, e.requestRate])).toEqual([
      ["mesh:unknown->web", null, ids.get("web"), 30],
      ["mesh:web->cart", ids.get("web"), ids.get("cart"), 10],
      ["mesh:web->catalog", ids.get("web"), ids.get("catalog"), 5],
    ]);
    expect(afterFirst.every((e) => e.createdAt.getTime() === T0.getTime() && e.updatedAt.getTime() === T0.getTime() && e.goneAt === null)).toBe(true);
    // What the dependents-count triggers keep, whichever way the rows went in.
    expect(Object.fromEntries(await dependents())).toEqual({ web: 1, cart: 1, catalog: 1, payments: 0 });
    expect(await getPrisma().serviceTelemetry.count({ where: { organizationId: org.id } })).toBe(2);

    // The next round: web → cart moved, web → catalog did not, cart → payments is new.
    source.edges = [sample(null, shop("web"), 30), sample(shop("web"), shop("cart"), 12), sample(shop("web"), shop("catalog"), 5), sample(shop("cart"), shop("payments"), 2)];
    source.counts = [
      { workload: shop("web"), window: "5m", total: 120, good: 118 },
      { workload: shop("cart"), window: "1h", total: 60, good: 60 },
    ];
    const second = await ingestMeshTelemetry(org.id, source, at(15_000), { windows: WINDOWS });
    expect(second.edges).toMatchObject({ ok: true, upserted: 2 });
    const afterSecond = new Map((await edgeRows()).map((e) => [e.key, e]));
    const before = new Map(afterFirst.map((e) => [e.key, e]));
    // Existing rows kept their ids (updated, not inserted again); the unchanged one its updatedAt.
    for (const key of ["mesh:unknown->web", "mesh:web->cart", "mesh:web->catalog"]) expect(afterSecond.get(key)?.id).toBe(before.get(key)?.id);
    expect(afterSecond.get("mesh:web->catalog")?.updatedAt.getTime()).toBe(T0.getTime());
    expect(afterSecond.get("mesh:web->cart")).toMatchObject({ requestRate: 12, updatedAt: at(15_000), createdAt: T0 });
    expect(afterSecond.get("mesh:cart->payments")).toMatchObject({ requestRate: 2, createdAt: at(15_000), callerId: ids.get("cart"), calleeId: ids.get("payments") });
    expect(afterSecond.size).toBe(4);
    expect((await dependents()).get("payments")).toBe(1);
    const counts = await getPrisma().serviceTelemetry.findMany({ where: { organizationId: org.id }, select: { serviceId: true, window: true, totalEvents: true }, orderBy: { window: "asc" } });
    expect(counts).toEqual([
      { serviceId: ids.get("cart"), window: "1h", totalEvents: 60 },
      { serviceId: ids.get("web"), window: "5m", totalEvents: 120 },
    ]);
  });

  it("after a first round the foreign keys check every later write again", async () => {
    const [mode] = await getPrisma().$queryRaw<{ mode: string }[]>`SELECT current_setting('session_replication_role') AS "mode"`;
    expect(mode?.mode).toBe("origin");
    await expect(
      getPrisma().$executeRaw`INSERT INTO "ServiceTelemetry" ("id", "organizationId", "serviceId", "window", "totalEvents", "goodEvents", "latencyGood", "measuredAt")
        VALUES ('fk-check', ${org.id}, 'no-such-service', '5m', 1, 1, '{}', now())`,
    ).rejects.toThrow();
  });

  const edgeTo = (callerId: string | null, calleeId: string, calleeSlug: string): TServiceEdge => ({
    key: `mesh:${callerId === null ? "unknown" : "x"}->${calleeSlug}-foreign`,
    callerId,
    callerSlug: null,
    calleeId,
    calleeSlug,
    requestRate: 1,
    successRatio: 1,
    latencyP50Ms: 1,
    latencyP95Ms: 2,
    latencyP99Ms: 3,
    calleeVersions: null,
  });

  it("a first-round insert naming a service of another organization, or none, inserts nothing of its chunk and fails", async () => {
    const fresh = await upsertOrganization("new-rows-fresh", "Fresh Org");
    await importMeshTestCatalog(fresh.id, meshTestSnapshot(services));
    const freshWeb = (await getPrisma().service.findFirstOrThrow({ where: { organizationId: fresh.id, slug: "web" }, select: { id: true } })).id;
    const valid = edgeTo(null, freshWeb, "web");
    await expect(insertNewMeshEdges(fresh.id, [valid, edgeTo(null, otherIds.get("cart") ?? "", "cart")], T0)).rejects.toThrow(/1 of its 2 services/);
    await expect(insertNewMeshEdges(fresh.id, [valid, edgeTo(otherIds.get("web") ?? "", freshWeb, "web2")], T0)).rejects.toThrow(/1 of its 2 services/);
    await expect(insertNewMeshEdges(fresh.id, [valid, edgeTo(null, "no-such-service", "gone")], T0)).rejects.toThrow(/1 of its 2 services/);
    expect(await getPrisma().edge.count({ where: { organizationId: fresh.id } })).toBe(0);
    const row = { window: "5m" as const, total: 1, good: 1, latencyGood: {}, latencyInterpolated: {} };
    await expect(insertNewServiceTelemetry(fresh.id, [{ ...row, serviceId: freshWeb }, { ...row, serviceId: otherIds.get("web") ?? "" }], T0)).rejects.toThrow(/1 of its 2 services/);
    expect(await getPrisma().serviceTelemetry.count({ where: { organizationId: fresh.id } })).toBe(0);
    // The valid rows alone go in.
    expect(await insertNewMeshEdges(fresh.id, [valid], T0)).toBe(1);
    expect(await insertNewServiceTelemetry(fresh.id, [{ ...row, serviceId: freshWeb }], T0)).toBe(1);
  });

  it("a source's first coverage is inserted with its services checked: another organization's service fails it and keeps nothing; the next round replaces it", async () => {
    const fresh = await upsertOrganization("new-rows-coverage", "Coverage Org");
    await importMeshTestCatalog(fresh.id, meshTestSnapshot(services));
    const freshCart = (await getPrisma().service.findFirstOrThrow({ where: { organizationId: fresh.id, slug: "cart" }, select: { id: true } })).id;
    const endpoint = (key: string, serviceId: string | null) => ({
      role: "callee" as const,
      key,
      namespace: "shop",
      workload: key,
      labels: { app: key },
      requestRate: 1.5,
      serviceId,
      serviceSlug: serviceId === null ? null : key,
      rule: serviceId === null ? null : ("workload-name" as const),
      matchedName: serviceId === null ? null : key,
      reason: serviceId === null ? "no service" : null,
    });
    await expect(replaceTelemetryCoverage(fresh.id, "fake:mesh", [endpoint("cart", freshCart), endpoint("web", otherIds.get("web") ?? "")], T0)).rejects.toThrow(/1 of its 2 services/);
    expect(await getPrisma().telemetryCoverageEndpoint.count({ where: { organizationId: fresh.id } })).toBe(0);
    await replaceTelemetryCoverage(fresh.id, "fake:mesh", [endpoint("cart", freshCart), endpoint("ghost", null)], T0);
    const read = () =>
      getPrisma().telemetryCoverageEndpoint.findMany({ where: { organizationId: fresh.id }, select: { key: true, serviceId: true, requestRate: true, measuredAt: true }, orderBy: { key: "asc" } });
    expect(await read()).toEqual([
      { key: "cart", serviceId: freshCart, requestRate: 1.5, measuredAt: T0 },
      { key: "ghost", serviceId: null, requestRate: 1.5, measuredAt: T0 },
    ]);
    await replaceTelemetryCoverage(fresh.id, "fake:mesh", [{ ...endpoint("cart", freshCart), requestRate: 3 }], at(15_000));
    expect(await read()).toEqual([{ key: "cart", serviceId: freshCart, requestRate: 3, measuredAt: at(15_000) }]);
  });
});
