import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { findCatalogForExport } from "./catalog-export.repository.ts";
import { exportBackstageCatalog } from "./export-backstage-catalog.ts";
import { importCatalog } from "./import-catalog.ts";
import { readCatalogSources } from "./read-catalog-sources.ts";
import { EXAMPLE_CATALOG_DIR } from "./seed-catalog-on-start.ts";

const USER_OWNED = `apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: guest }
spec: { profile: { displayName: Guest User, email: guest@example.com }, memberOf: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: guest-tools }
spec: { type: website, lifecycle: experimental, owner: user:guest }
`;

/** The facts both imports must agree on; annotations and provenance differ by design (the export writes facts as annotations). */
async function catalogOf(organizationId: string) {
  const data = await findCatalogForExport(organizationId);
  return {
    teams: data.teams.map(({ memberships, ...team }) => ({ ...team, members: memberships.map((m) => `${m.person.email}:${m.role}`).sort() })),
    people: data.people,
    systems: data.systems,
    services: data.services.map(({ annotations: _a, provenance: _p, source: _s, ...service }) => service),
    entries: data.entries,
    edges: data.edges.map((e) => `${e.caller?.slug}->${e.callee.slug}`).sort(),
  };
}

describe.each(TEST_DATABASE_KINDS)("Backstage export round trip, on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("exports the example catalog (and a user-owned service) and imports the export into an empty organization as the same catalog", async () => {
    const source = await upsertOrganization("backstage-source", "Source");
    const sources = [...readCatalogSources(EXAMPLE_CATALOG_DIR), { file: "guest.yaml", text: USER_OWNED }];
    const first = await importCatalog(source.id, sources, "catalog");
    expect(first.errorCount).toBe(0);

    const exported = await exportBackstageCatalog(source.id);
    const target = await upsertOrganization("backstage-target", "Target");
    const second = await importCatalog(target.id, [{ file: "catalog-info.yaml", text: exported }], "catalog");
    expect(second.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(second.accounting.notImported).toEqual([]);

    const [before, after] = [await catalogOf(source.id), await catalogOf(target.id)];
    expect(after.teams).toEqual(before.teams);
    expect(after.people).toEqual(before.people);
    expect(after.systems).toEqual(before.systems);
    expect(after.entries).toEqual(before.entries);
    expect(after.edges).toEqual(before.edges);
    expect(after.services).toEqual(before.services);
    expect(after.services.find((s) => s.slug === "guest-tools")?.ownerTeam?.slug).toBe("user-guest");
  });
});
