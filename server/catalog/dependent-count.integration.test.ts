import pg from "pg";
import { meshEdgeSample } from "@/server/testing/mesh-edge-sample.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EdgeSample, WorkloadRef } from "@/domain/telemetry/telemetry-types.ts";
import { getPrisma } from "@/server/db/client.ts";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { ingestMeshTelemetry } from "@/server/telemetry/ingest-mesh-telemetry.ts";
import { ScriptedTelemetrySource } from "@/server/telemetry/testing/telemetry-test-fixtures.ts";
import { countDependencies, countDependencyPairs } from "./catalog-dependencies.repository.ts";
import { settleDependentCounts } from "./catalog-dependent-counts.repository.ts";
import { importCatalog } from "./import-catalog.ts";
import { listServicePage } from "./list-services.ts";

// "ServiceDependentCount" (one row per service, kept by triggers on "Service" and "Edge",
// migrations 20261205063658_service_dependent_count and 20261205213750_service_dependent_count_table)
// against the count from the edges themselves, after every kind of edge write: catalog import
// and prune, mesh rounds, edge expiry, a statement too big to recount row by row, and a count
// another transaction holds.

/** Every service of the organization whose stored count (null: no row) differs from its active edges' distinct callers. */
async function wrongCounts(organizationId: string): Promise<{ slug: string; stored: number | null; actual: number }[]> {
  return getPrisma().$queryRaw`
    SELECT x."slug", x."stored", x."actual" FROM (
      SELECT s."slug", dc."count" AS "stored",
             (SELECT count(DISTINCT coalesce(e."callerId", '~unknown'))::int FROM "Edge" e
               WHERE e."organizationId" = s."organizationId" AND e."calleeId" = s."id" AND e."goneAt" IS NULL) AS "actual"
        FROM "Service" s LEFT JOIN "ServiceDependentCount" dc ON dc."serviceId" = s."id" AND dc."organizationId" = s."organizationId"
       WHERE s."organizationId" = ${organizationId}) x
     WHERE x."stored" IS DISTINCT FROM x."actual"`;
}

/** The organization's dependencies as home shows them (from the stored counts), and as the edges give them. */
async function dependencies(organizationId: string): Promise<{ shown: number; fromEdges: number }> {
  return { shown: await countDependencies(organizationId), fromEdges: await countDependencyPairs(organizationId) };
}

async function storedCount(organizationId: string, slug: string): Promise<number | undefined> {
  const row = await getPrisma().service.findUniqueOrThrow({ where: { organizationId_slug: { organizationId, slug } }, select: { dependentCount: { select: { count: true } } } });
  return row.dependentCount?.count;
}

function component(name: string, dependsOn: string[]): string {
  return `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
spec:
  type: service
  lifecycle: production
  owner: group:default/shop
  dependsOn: [${dependsOn.map((d) => `component:default/${d}`).join(", ")}]
`;
}

const GROUP = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: shop
spec:
  type: team
  children: []
`;

function catalog(components: Record<string, string[]>): { file: string; text: string }[] {
  return [{ file: "catalog-info.yaml", text: [GROUP, ...Object.entries(components).map(([name, deps]) => component(name, deps))].join("---\n") }];
}

const shop = (name: string): WorkloadRef => ({ namespace: "shop", name });
const edge = (caller: string | null, callee: string, rate = 5): EdgeSample => meshEdgeSample(caller === null ? null : shop(caller), shop(callee), rate);

const T0 = new Date("2026-03-02T10:00:00.000Z");
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

describe.each(TEST_DATABASE_KINDS)("dependents count of each service, on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: TOrganization;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = await upsertOrganization("dependents-org", "Dependents Org");
  });
  afterAll(async () => {
    await db?.close();
  });

  it("follows a catalog import, a re-import that drops a dependency, and a prune that deletes a caller", async () => {
    await importCatalog(org.id, catalog({ web: ["cart", "search"], mobile: ["cart"], cart: ["payments"], search: [], payments: [] }), "catalog-info.yaml");
    expect(await storedCount(org.id, "cart")).toBe(2);
    expect(await storedCount(org.id, "payments")).toBe(1);
    expect(await wrongCounts(org.id)).toEqual([]);

    // mobile no longer depends on cart: the declared edge is deleted.
    await importCatalog(org.id, catalog({ web: ["cart", "search"], mobile: [], cart: ["payments"], search: [], payments: [] }), "catalog-info.yaml");
    expect(await storedCount(org.id, "cart")).toBe(1);

    // web leaves the catalog: the service is deleted and its edges go with it (a cascade).
    await importCatalog(org.id, catalog({ mobile: [], cart: ["payments"], search: [], payments: [] }), "catalog-info.yaml");
    expect(await storedCount(org.id, "cart")).toBe(0);
    expect(await storedCount(org.id, "search")).toBe(0);
    expect(await wrongCounts(org.id)).toEqual([]);
  });

  it("follows mesh rounds: new callers, unknown callers counted once, a caller both declared and observed counted once, and edges that expire", async () => {
    const source = new ScriptedTelemetrySource();
    source.edges = [edge("mobile", "cart"), edge("search", "cart"), edge(null, "cart"), edge("cart", "payments")];
    await ingestMeshTelemetry(org.id, source, minutes(0), { windows: ["5m"] });
    // mobile, search and the unknown callers; payments: cart, observed and declared.
    expect(await storedCount(org.id, "cart")).toBe(3);
    expect(await storedCount(org.id, "payments")).toBe(1);
    expect(await wrongCounts(org.id)).toEqual([]);

    // search stops calling cart: after the gone-after time its edge is marked gone.
    source.edges = [edge("mobile", "cart"), edge(null, "cart"), edge("cart", "payments")];
    await ingestMeshTelemetry(org.id, source, minutes(1), { windows: ["5m"], edgeGoneAfterMs: 10 * 60_000 });
    expect(await storedCount(org.id, "cart")).toBe(3);
    await ingestMeshTelemetry(org.id, source, minutes(12), { windows: ["5m"], edgeGoneAfterMs: 10 * 60_000 });
    expect(await storedCount(org.id, "cart")).toBe(2);

    // It calls again: the gone edge comes back.
    source.edges = [edge("mobile", "cart"), edge("search", "cart"), edge(null, "cart"), edge("cart", "payments")];
    await ingestMeshTelemetry(org.id, source, minutes(13), { windows: ["5m"] });
    expect(await storedCount(org.id, "cart")).toBe(3);
    expect(await wrongCounts(org.id)).toEqual([]);
    // mobile → cart, search → cart, cart → payments (declared and observed: one).
    expect(await dependencies(org.id)).toEqual({ shown: 3, fromEdges: 3 });

    // A service calling itself (the mesh leaves those out; an edge written otherwise) is one
    // of its own callers in its count, and not a dependency.
    const prisma = getPrisma();
    const search = await prisma.service.findUniqueOrThrow({ where: { organizationId_slug: { organizationId: org.id, slug: "search" } } });
    const itself = await prisma.edge.create({ data: { organizationId: org.id, key: "declared:search->search", callerId: search.id, calleeId: search.id, source: "declared" } });
    expect(await storedCount(org.id, "search")).toBe(1);
    expect(await dependencies(org.id)).toEqual({ shown: 3, fromEdges: 3 });
    await prisma.edge.delete({ where: { id: itself.id } });
  });

  it("sorts the list by the stored count, page after page", async () => {
    const whole = await listServicePage(org.id, { sort: "dependents", order: "desc" });
    expect(whole.services.map((s) => s.dependentCount)).toEqual([3, 1, 0, 0]);
    expect(whole.services.slice(0, 2).map((s) => s.slug)).toEqual(["cart", "payments"]);
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listServicePage(org.id, { sort: "dependents", order: "desc", limit: 1, cursor });
      paged.push(...page.services.map((s) => s.slug));
      cursor = page.nextCursor ?? undefined;
    } while (cursor && paged.length < 10);
    expect(paged).toEqual(whole.services.map((s) => s.slug));
  });

  it("leaves a statement that changes hundreds of callees' callers to one recount of the organization, and settling makes it right", async () => {
    const bulk = await upsertOrganization("dependents-bulk", "Dependents Bulk");
    const prisma = getPrisma();
    await prisma.service.createMany({ data: Array.from({ length: 601 }, (_, i) => ({ organizationId: bulk.id, slug: `svc-${i}`, name: `Service ${i}` })) });
    // svc-0 calls the 600 others, in one statement.
    await prisma.$executeRaw`
      INSERT INTO "Edge" ("id", "organizationId", "key", "callerId", "calleeId", "source", "updatedAt")
      SELECT gen_random_uuid()::text, ${bulk.id}, 'mesh:svc-0->' || t."slug", c."id", t."id", 'mesh', now()
        FROM "Service" c JOIN "Service" t ON t."organizationId" = c."organizationId" AND t."slug" <> 'svc-0'
       WHERE c."organizationId" = ${bulk.id} AND c."slug" = 'svc-0'`;
    expect(await storedCount(bulk.id, "svc-1")).toBe(0);
    expect(await prisma.dependentCountRecount.count({ where: { organizationId: bulk.id, serviceId: null } })).toBe(1);
    // Until the recount the stored counts lag: the dependencies shown are counted from the edges.
    expect(await dependencies(bulk.id)).toEqual({ shown: 600, fromEdges: 600 });

    expect(await settleDependentCounts(bulk.id)).toBe(600);
    expect(await storedCount(bulk.id, "svc-1")).toBe(1);
    expect(await wrongCounts(bulk.id)).toEqual([]);
    expect(await prisma.dependentCountRecount.count({ where: { organizationId: bulk.id } })).toBe(0);
    expect(await dependencies(bulk.id)).toEqual({ shown: 600, fromEdges: 600 });
    // Nothing left to settle: nothing changes.
    expect(await settleDependentCounts(bulk.id)).toBe(0);
  });

  it("follows updates that move an edge's callee or caller, mark it gone and bring it back with an unknown caller, after an update that changed nothing", async () => {
    const moves = await upsertOrganization("dependents-moves", "Dependents Moves");
    const prisma = getPrisma();
    await importCatalog(moves.id, catalog({ a: ["c"], b: ["c"], c: [], d: [] }), "catalog-info.yaml");
    expect(await storedCount(moves.id, "c")).toBe(2);
    const ids = new Map((await prisma.service.findMany({ where: { organizationId: moves.id }, select: { id: true, slug: true } })).map((s) => [s.slug, s.id]));
    const edgeOf = async (caller: string) =>
      (await prisma.edge.findFirstOrThrow({ where: { organizationId: moves.id, callerId: ids.get(caller) ?? "" }, select: { id: true } })).id;
    const fromA = await edgeOf("a");
    const fromB = await edgeOf("b");

    // An update of no rows first (a mesh round's unstale step): the trigger runs on empty transition tables.
    await prisma.$executeRaw`UPDATE "Edge" SET "staleSince" = NULL WHERE "organizationId" = ${moves.id} AND "staleSince" IS NOT NULL`;
    await prisma.$executeRaw`UPDATE "Edge" SET "calleeId" = ${ids.get("d")} WHERE "id" = ${fromA}`;
    expect([await storedCount(moves.id, "c"), await storedCount(moves.id, "d")]).toEqual([1, 1]);
    await prisma.$executeRaw`UPDATE "Edge" SET "callerId" = ${ids.get("a")} WHERE "id" = ${fromB}`;
    expect([await storedCount(moves.id, "c"), await storedCount(moves.id, "d")]).toEqual([1, 1]);
    await prisma.$executeRaw`UPDATE "Edge" SET "goneAt" = now() WHERE "id" = ${fromA}`;
    expect(await storedCount(moves.id, "d")).toBe(0);
    await prisma.$executeRaw`UPDATE "Edge" SET "goneAt" = NULL, "callerId" = NULL WHERE "id" = ${fromA}`;
    expect(await storedCount(moves.id, "d")).toBe(1);
    // Both edges in one statement: c loses its caller, d gains b.
    await prisma.$executeRaw`UPDATE "Edge" SET "calleeId" = ${ids.get("d")}, "callerId" = ${ids.get("b")} WHERE "id" = ${fromB}`;
    expect([await storedCount(moves.id, "c"), await storedCount(moves.id, "d")]).toEqual([0, 2]);
    expect(await wrongCounts(moves.id)).toEqual([]);
  });

  it("lets an organization be deleted with its services and edges (the cascades run the triggers)", async () => {
    const gone = await upsertOrganization("dependents-gone", "Dependents Gone");
    const prisma = getPrisma();
    await prisma.service.createMany({ data: ["x", "y"].map((slug) => ({ organizationId: gone.id, slug, name: slug })) });
    const [x, y] = await Promise.all(["x", "y"].map((slug) => prisma.service.findUniqueOrThrow({ where: { organizationId_slug: { organizationId: gone.id, slug } } })));
    await prisma.edge.create({ data: { organizationId: gone.id, key: "mesh:x->y", callerId: x?.id ?? "", calleeId: y?.id ?? "", source: "mesh" } });
    expect(await storedCount(gone.id, "y")).toBe(1);
    await prisma.organization.delete({ where: { id: gone.id } });
    expect(await prisma.service.count({ where: { organizationId: gone.id } })).toBe(0);
    expect(await prisma.dependentCountRecount.count({ where: { organizationId: gone.id } })).toBe(0);
    expect(await prisma.serviceDependentCount.count({ where: { organizationId: gone.id } })).toBe(0);
  });
});

// Only Postgres has a second connection that can hold a row: the embedded database is one.
describe("dependents count under a concurrent transaction, on postgres", () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: TOrganization;

  beforeAll(async () => {
    db = await openTestDatabase("postgres");
    org = await upsertOrganization("dependents-locks", "Dependents Locks");
  });
  afterAll(async () => {
    await db?.close();
  });

  it("does not wait for a count another transaction holds: it marks the service, and settling after that transaction counts it", async () => {
    const prisma = getPrisma();
    await prisma.service.createMany({ data: ["a", "b", "c", "d"].map((slug) => ({ organizationId: org.id, slug, name: slug })) });
    const ids = new Map((await prisma.service.findMany({ where: { organizationId: org.id }, select: { id: true, slug: true } })).map((s) => [s.slug, s.id]));
    const other = new pg.Client({ connectionString: db.url ?? "" });
    await other.connect();
    try {
      // Another writer (an import, say) holds d's service row: its count is its own row, recounted at once.
      await other.query("BEGIN");
      await other.query(`UPDATE "Service" SET "description" = 'held' WHERE "id" = $1`, [ids.get("d")]);
      await prisma.edge.create({ data: { organizationId: org.id, key: "mesh:a->d", callerId: ids.get("a") ?? "", calleeId: ids.get("d") ?? "", source: "mesh" } });
      expect(await storedCount(org.id, "d")).toBe(1);
      await other.query("COMMIT");

      // Another edge writer's recount holds c's count in an open transaction (its edge b -> c not committed).
      await other.query("BEGIN");
      await other.query(`INSERT INTO "Edge" ("id", "organizationId", "key", "callerId", "calleeId", "source", "updatedAt") VALUES (gen_random_uuid()::text, $1, 'mesh:b->c', $2, $3, 'mesh', now())`, [
        org.id,
        ids.get("b"),
        ids.get("c"),
      ]);

      // Edges to b and c: b is recounted at once, c is marked (the insert would hang here if it waited).
      await prisma.edge.createMany({
        data: [
          { organizationId: org.id, key: "mesh:a->c", callerId: ids.get("a") ?? "", calleeId: ids.get("c") ?? "", source: "mesh" },
          { organizationId: org.id, key: "mesh:a->b", callerId: ids.get("a") ?? "", calleeId: ids.get("b") ?? "", source: "mesh" },
        ],
      });
      expect(await storedCount(org.id, "b")).toBe(1);
      expect(await prisma.dependentCountRecount.findMany({ where: { organizationId: org.id }, select: { serviceId: true } })).toEqual([
        { serviceId: ids.get("c") },
      ]);

      // Settling while the row is still held marks it again instead of waiting.
      expect(await settleDependentCounts(org.id)).toBe(0);
      expect(await prisma.dependentCountRecount.count({ where: { organizationId: org.id } })).toBe(1);

      await other.query("COMMIT");
      // The other transaction counted b's call only; settling counts both callers.
      expect(await storedCount(org.id, "c")).toBe(1);
      expect(await settleDependentCounts(org.id)).toBe(1);
      expect(await storedCount(org.id, "c")).toBe(2);
      expect(await wrongCounts(org.id)).toEqual([]);
      expect(await prisma.dependentCountRecount.count({ where: { organizationId: org.id } })).toBe(0);
    } finally {
      await other.end();
    }
  });
});
