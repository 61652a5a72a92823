import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/server/db/client.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { importMeshTestCatalog, meshTestSnapshot } from "@/server/telemetry/testing/telemetry-test-fixtures.ts";
import type { TActor } from "@/server/identity/actor.ts";
import { ZServiceGraphQuery } from "@/server/graph/graph.schemas.ts";
import { getServiceGraph } from "@/server/graph/get-service-graph.ts";
import { ingestMeshTelemetry } from "@/server/telemetry/ingest-mesh-telemetry.ts";
import { ScriptedTelemetrySource } from "@/server/telemetry/testing/telemetry-test-fixtures.ts";
import { ZServiceListQuery } from "./catalog.schemas.ts";
import { archiveStaleService } from "./archive-stale-service.ts";
import { getService } from "./get-service.ts";
import { keepStaleService } from "./keep-stale-service.ts";
import { listServices } from "./list-services.ts";

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);
const member: TActor = { kind: "user", userId: "u-m", personId: "p-m", role: "member", name: "Mo", email: "mo@example.com" };
const admin: TActor = { kind: "user", userId: "u-a", personId: "p-a", role: "admin", name: "Ana", email: "ana@example.com" };
/** Slugs of GET /api/v1/services with these filters. */
const listed = async (orgId: string, filters: Record<string, string> = {}) => (await listServices(orgId, ZServiceListQuery.parse(filters))).map((s) => s.slug);

describe.each(TEST_DATABASE_KINDS)("service staleness from workloads and traffic on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let orgId: string;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    orgId = (await upsertOrganization("stale-org", "Stale Org")).id;
    await importMeshTestCatalog(orgId, meshTestSnapshot(["old-report", "web", "legacy"].map((slug) => ({ slug, team: "shop" }))));
    const prisma = getPrisma();
    for (const service of await prisma.service.findMany({ where: { organizationId: orgId }, select: { id: true, slug: true } })) ids.set(service.slug, service.id);
    // Everything was added to the catalog long ago.
    await prisma.service.updateMany({ where: { organizationId: orgId }, data: { createdAt: ago(90) } });
    const cluster = await prisma.cluster.create({ data: { organizationId: orgId, name: "prod" }, select: { id: true } });
    // old-report: its Deployment was deleted 30 days ago; the mesh last saw it call web 20 days ago.
    await prisma.workload.create({
      data: { organizationId: orgId, clusterId: cluster.id, serviceId: ids.get("old-report") ?? "", namespace: "shop", kind: "Deployment", name: "old-report", lastSeenAt: ago(30), deletedAt: ago(30) },
    });
    await prisma.edge.create({
      data: { organizationId: orgId, key: "mesh:old-report->web", callerId: ids.get("old-report") ?? null, calleeId: ids.get("web") ?? "", source: "mesh", requestRate: 0, lastSeenAt: ago(20), goneAt: ago(20) },
    });
    // web: called 1 minute ago (by outside traffic).
    await prisma.edge.create({ data: { organizationId: orgId, key: "mesh:unknown->web", callerId: null, calleeId: ids.get("web") ?? "", source: "mesh", requestRate: 5, lastSeenAt: ago(1 / 1440) } });
  });
  afterAll(async () => {
    await db?.close();
  });

  it("is unknown until a telemetry round has completed: missing data is never stale", async () => {
    expect((await getService(orgId, "old-report"))?.staleness).toMatchObject({ state: "unknown", reason: expect.stringMatching(/no telemetry source has reported yet/) });
    // Nor in the list's filter; may not be archived either.
    expect(await listed(orgId, { stale: "true" })).toEqual([]);
    expect(await listed(orgId, { stale: "false" })).toEqual(["legacy", "old-report", "web"]);
    await expect(archiveStaleService(orgId, "old-report", "gone for good", admin, new Date())).rejects.toMatchObject({ status: 409, detail: expect.stringMatching(/whether it is stale is unknown/) });
  });

  it("marks a service without workloads or traffic for 14 days stale, with when and by which source it was last seen", async () => {
    await getPrisma().telemetryCoverageEndpoint.create({
      data: { organizationId: orgId, source: "prometheus:istio", role: "callee", key: "k", namespace: "shop", workload: "web", requestRate: 5, serviceId: ids.get("web") ?? null, rule: "workload-name", matchedName: "web", measuredAt: new Date() },
    });
    const staleness = (await getService(orgId, "old-report"))?.staleness;
    expect(staleness).toEqual({
      state: "stale",
      lastSeenAt: expect.stringMatching(/^\d{4}-/),
      lastSeenBy: "mesh",
      reason: expect.stringMatching(/^no running workloads and no traffic for 14 days: last seen .* by the mesh telemetry \(traffic\)$/),
    });
    // The traffic 20 days ago is later than the deletion 30 days ago.
    const lastSeenAt = staleness?.state === "stale" ? staleness.lastSeenAt : null;
    expect(Math.round((Date.now() - Date.parse(lastSeenAt ?? "")) / DAY)).toBe(20);
    expect((await getService(orgId, "web"))?.staleness).toMatchObject({ state: "active", lastSeenBy: "mesh" });
    expect((await getService(orgId, "legacy"))?.staleness).toMatchObject({ state: "stale", lastSeenAt: null, reason: expect.stringMatching(/since it was added to the catalog/) });
    // The list's filter (SQL) agrees with the page's judgement (domain), both ways.
    expect(await listed(orgId, { stale: "true" })).toEqual(["legacy", "old-report"]);
    expect(await listed(orgId, { stale: "false" })).toEqual(["web"]);
  });

  it("an admin keeps a stale service with a reason: shown as kept, recorded in its history; members may not", async () => {
    await expect(keepStaleService(orgId, "old-report", "still needed", member, new Date())).rejects.toMatchObject({ status: 403 });
    await keepStaleService(orgId, "old-report", "year-end report, runs in December", admin, new Date());
    expect((await getService(orgId, "old-report"))?.staleness).toMatchObject({ state: "kept", keptReason: "year-end report, runs in December", keptBy: "Ana <ana@example.com>", lastSeenBy: "mesh" });
    const history = await getPrisma().changeEvent.findMany({ where: { organizationId: orgId, serviceId: ids.get("old-report") ?? "" }, select: { type: true, title: true, actor: true } });
    expect(history).toEqual([{ type: "service_kept", title: "Kept although stale: year-end report, runs in December", actor: "Ana <ana@example.com>" }]);
    await expect(keepStaleService(orgId, "nope", "x y z", admin, new Date())).rejects.toMatchObject({ status: 404 });
    // Kept is not stale.
    expect(await listed(orgId, { stale: "true" })).toEqual(["legacy"]);
  });

  it("archiving: owners or admins, stale (or kept) services only; out of the default list and the graph, history kept", async () => {
    await expect(archiveStaleService(orgId, "legacy", "nobody uses it", member, new Date())).rejects.toMatchObject({ status: 403 });
    await expect(archiveStaleService(orgId, "web", "nobody uses it", admin, new Date())).rejects.toMatchObject({ status: 409, detail: expect.stringMatching(/running workloads or recent traffic/) });
    await archiveStaleService(orgId, "legacy", "replaced by web", admin, new Date());
    await archiveStaleService(orgId, "old-report", "the report moved to the warehouse", admin, new Date());
    expect(await listed(orgId)).toEqual(["web"]);
    expect(await listed(orgId, { stale: "true" })).toEqual([]);
    expect(await listed(orgId, { archived: "true" })).toEqual(["legacy", "old-report"]);
    const graph = await getServiceGraph(orgId, ZServiceGraphQuery.parse({}));
    expect(graph?.nodes.map((n) => n.slug)).not.toContain("legacy");
    expect(graph?.nodes.filter((n) => n.kind === "service").map((n) => n.slug)).toEqual(["web"]);
    // The page still answers, says so, and keeps the history.
    expect((await getService(orgId, "legacy"))?.archived).toEqual({ at: expect.stringMatching(/^\d{4}-/), reason: "replaced by web", by: "Ana <ana@example.com>" });
    const history = await getPrisma().changeEvent.findMany({ where: { organizationId: orgId, serviceId: ids.get("old-report") ?? "" }, orderBy: { occurredAt: "asc" }, select: { type: true } });
    expect(history.map((h) => h.type)).toEqual(["service_kept", "service_archived"]);
  });

  it("an archived service whose traffic the mesh sees again comes back, recorded in its history", async () => {
    const source = new ScriptedTelemetrySource();
    const shop = (name: string) => ({ namespace: "shop", name });
    source.edges = [{ callerWorkload: shop("old-report"), calleeWorkload: shop("web"), requestRate: 2, successRatio: 1, latencyP50Ms: null, latencyP95Ms: null, latencyP99Ms: null }];
    const result = await ingestMeshTelemetry(orgId, source, new Date(), { windows: ["5m"] });
    expect(result.edges).toMatchObject({ ok: true, restored: ["old-report"] });
    expect(await listed(orgId)).toEqual(["old-report", "web"]);
    expect(await listed(orgId, { archived: "true" })).toEqual(["legacy"]);
    expect((await getService(orgId, "old-report"))?.archived).toBeNull();
    const events = await getPrisma().changeEvent.findMany({ where: { organizationId: orgId, serviceId: ids.get("old-report") ?? "" }, orderBy: { occurredAt: "asc" }, select: { type: true, title: true, source: true } });
    expect(events.at(-1)).toEqual({ type: "service_unarchived", title: "Back from the archive: the mesh telemetry sees traffic again", source: "mesh" });
    // A round without its traffic does not archive it again, nor bring back another.
    source.edges = [];
    expect((await ingestMeshTelemetry(orgId, source, new Date(), { windows: ["5m"] })).edges).toMatchObject({ ok: true, restored: [] });
    expect(await listed(orgId, { archived: "true" })).toEqual(["legacy"]);
  });
});
