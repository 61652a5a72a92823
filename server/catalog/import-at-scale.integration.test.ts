import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countEventLoopTurnsDuring } from "@/server/testing/count-event-loop-turns.ts";
import type { CatalogService, CatalogSnapshot } from "@/domain/catalog/catalog-types.ts";
import { POSTGRES_PARAMETER_LIMIT } from "@/server/db/bulk-chunks.ts";
import { getPrisma } from "@/server/db/client.ts";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { applyCatalogSnapshot } from "./catalog-write.repository.ts";
import { importCatalog } from "./import-catalog.ts";

// 700 components × 100 dependsOn = 70,000 edges: more than one statement may bind (65,535).
// The import's statements that grow with the edges stay under it in two ways: new edges go
// through unnest (one array parameter per column, whatever the count), and the replaced
// edges' deleteMany binds one parameter per id, which Prisma splits into statements of at
// most 32,766 (server/db/bulk-chunks.ts). Were it not split (a driver adapter announcing a
// higher maxBindValues), the replacing import fails here on both databases with 08P01.
// Few components with many edges each: the edges are what crosses the limit, and every
// component costs a row update when its edges change (7,000 × 10 took 18-31 s, the same edges).
// Removing every component is left out: another 70,000-id delete, the same shape as the
// replacement's (import-removals-held covers removing services).
const SERVICES = 700;
const DEPENDS_ON = 100;

const slug = (i: number) => `svc-${String(i).padStart(5, "0")}`;

function service(i: number): CatalogService {
  return {
    slug: slug(i),
    name: `Service ${i}`,
    description: null,
    ownerTeamSlug: null,
    tier: null,
    lifecycle: "production",
    type: "service",
    systemSlug: null,
    repoUrl: null,
    runbookUrl: null,
    slackChannel: null,
    links: [],
    tags: ["scale"],
    annotations: {},
    providesApis: [],
    consumesApis: [],
  };
}

/** Every service depends on the next DEPENDS_ON (wrapping), shifted by `offset`: a different offset is a wholly different edge set. */
function snapshot(offset: number): CatalogSnapshot {
  const services = Array.from({ length: SERVICES }, (_, i) => service(i));
  const declaredEdges = services.flatMap((_, i) =>
    Array.from({ length: DEPENDS_ON }, (_, k) => ({ callerSlug: slug(i), calleeSlug: slug((i + offset + k) % SERVICES), via: "dependsOn" as const })),
  );
  return { teams: [], people: [], memberships: [], services, systems: [], entries: [], declaredEdges };
}

const options = { prune: true, origin: "scale-test", warningsByService: new Map() };

describe.each(TEST_DATABASE_KINDS)("catalog import above the parameter limit on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: TOrganization;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = await upsertOrganization("scale-test", "Scale test");
  });
  afterAll(async () => {
    await db?.close();
  });

  // Every row version, by table: Postgres gives each write a new xmin, so an equal
  // fingerprint means not one row was written (updatedAt alone would miss a write of the same value).
  const lastWrites = async (organizationId = org.id) => {
    const [row] = await getPrisma().$queryRaw<{ services: number; edges: number; fingerprint: string }[]>`
      SELECT (SELECT count(*)::int FROM "Service" WHERE "organizationId" = ${organizationId}) AS services,
             (SELECT count(*)::int FROM "Edge" WHERE "organizationId" = ${organizationId}) AS edges,
             md5(concat_ws('|',
               (SELECT string_agg(id || ':' || xmin::text, ',' ORDER BY id) FROM "Service" WHERE "organizationId" = ${organizationId}),
               (SELECT string_agg(id || ':' || xmin::text, ',' ORDER BY id) FROM "Edge" WHERE "organizationId" = ${organizationId}),
               (SELECT string_agg(id || ':' || xmin::text, ',' ORDER BY id) FROM "Slo" WHERE "organizationId" = ${organizationId}),
               (SELECT string_agg(id || ':' || xmin::text, ',' ORDER BY id) FROM "Team" WHERE "organizationId" = ${organizationId}))) AS fingerprint`;
    return row;
  };

  it("inserts 70,000 edges, writes nothing when unchanged, then replaces all 70,000 in one import", { timeout: 600_000 }, async () => {
    expect(SERVICES * DEPENDS_ON).toBeGreaterThan(POSTGRES_PARAMETER_LIMIT);
    // An organization of its own: the 70,000 edges it leaves would slow the imports of the other tests.
    const scale = await upsertOrganization("scale-test-edges", "Scale test edges");

    const first = await applyCatalogSnapshot(scale.id, snapshot(1), options);
    expect(first.services).toBe(SERVICES);
    expect(first.declaredEdges).toBe(SERVICES * DEPENDS_ON);
    const afterFirst = await lastWrites(scale.id);
    expect(afterFirst).toMatchObject({ services: SERVICES, edges: SERVICES * DEPENDS_ON });

    const again = await applyCatalogSnapshot(scale.id, snapshot(1), options);
    expect(new Set(again.rowStatuses.values())).toEqual(new Set(["unchanged"]));
    expect(again.removed).toEqual({ services: 0, declaredEdges: 0, memberships: 0, entries: 0 });
    // Nothing written: not one row's updatedAt moved.
    expect(await lastWrites(scale.id)).toEqual(afterFirst);

    const shifted = await applyCatalogSnapshot(scale.id, snapshot(1 + DEPENDS_ON), options);
    expect(shifted.removed.declaredEdges).toBe(SERVICES * DEPENDS_ON);
    expect(shifted.declaredEdges).toBe(SERVICES * DEPENDS_ON);
    expect(new Set(shifted.rowStatuses.values())).toEqual(new Set(["updated"]));
    const keys = await getPrisma().edge.findMany({ where: { organizationId: scale.id, callerId: { not: null } }, select: { key: true }, take: 3, orderBy: { key: "asc" } });
    const shiftedCallees = [1, 2, 3].map((k) => slug(DEPENDS_ON + k));
    expect(keys.map((k) => k.key)).toEqual(shiftedCallees.map((callee) => `declared:${slug(0)}->${callee}`));
    expect(await lastWrites(scale.id)).toMatchObject({ services: SERVICES, edges: SERVICES * DEPENDS_ON });
  });

  it("re-imports an unchanged Backstage catalog without writing a row", { timeout: 120_000 }, async () => {
    const text = Array.from({ length: 50 }, (_, i) =>
      [
        "apiVersion: backstage.io/v1alpha1",
        "kind: Component",
        "metadata:",
        `  name: small-${i}`,
        "  annotations:",
        "    plumbline.dev/tier: '1'",
        "spec:",
        "  type: service",
        "  lifecycle: production",
        "  owner: group:default/payments",
        `  dependsOn: [component:small-${(i + 1) % 50}]`,
      ].join("\n"),
    ).join("\n---\n");
    const group = "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: payments\nspec:\n  type: team\n  children: []\n";
    const sources = [{ file: "catalog.yaml", text: `${group}---\n${text}` }];
    const first = await importCatalog(org.id, sources, "small");
    expect(first.errorCount).toBe(0);
    expect(await getPrisma().slo.count({ where: { organizationId: org.id } })).toBeGreaterThan(0);
    const before = await lastWrites();

    const again = await importCatalog(org.id, sources, "small");
    const kinds = again.accounting.kinds.map((k) => [k.kind, k.imported, k.updated, k.unchanged]);
    expect(kinds).toEqual(expect.arrayContaining([["Component", 0, 0, 50], ["Group", 0, 0, 1]]));
    expect(await lastWrites()).toEqual(before);
  });

  it("lets other work run while it imports, and writes every edited component in bulk", { timeout: 120_000 }, async () => {
    const files = 20;
    const sourcesWith = (description: string) =>
      Array.from({ length: files }, (_, f) => ({
        file: `team-${f}.yaml`,
        text: Array.from({ length: 10 }, (_, i) =>
          ["apiVersion: backstage.io/v1alpha1", "kind: Component", "metadata:", `  name: busy-${f}-${i}`, `  description: ${description}`, "spec:", "  type: service", "  owner: group:default/payments"].join("\n"),
        ).join("\n---\n"),
      }));
    // A callback queued behind the import runs only when the import lets go of the thread
    // (with PGlite every query resolves as a microtask, which never does).
    const { result: first, turns } = await countEventLoopTurnsDuring(() => importCatalog(org.id, sourcesWith("first"), "busy"));
    expect(first.errorCount).toBe(0);
    expect(turns).toBeGreaterThanOrEqual(files);

    const edited = await importCatalog(org.id, sourcesWith("edited"), "busy");
    expect(edited.accounting.kinds.find((k) => k.kind === "Component")).toMatchObject({ imported: 0, updated: files * 10, unchanged: 0 });
    const descriptions = await getPrisma().service.groupBy({ by: ["description"], where: { organizationId: org.id, catalogOrigin: "busy" }, _count: { _all: true } });
    expect(descriptions.map((d) => [d.description, d._count._all])).toEqual([["edited", files * 10]]);
  });
});
