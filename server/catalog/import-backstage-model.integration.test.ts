import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { getService } from "./get-service.ts";
import { getTeam } from "./get-team.ts";
import { importCatalog } from "./import-catalog.ts";
import { readCatalogSources } from "./read-catalog-sources.ts";

// Shapes from Backstage's descriptor format documentation (Component, Group examples).
const ARTIST_WEB = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: artist-web
  description: The place to be, for great artists
spec:
  type: website
  lifecycle: production
  owner: artist-relations-team
  system: artist-engagement-portal
  dependsOn:
    - component:default/artist-lookup
    - resource:default/artists-db
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: artist-lookup
spec:
  type: service
  lifecycle: experimental
  owner: group:default/infrastructure
  subcomponentOf: artist-web
`;

const INFRASTRUCTURE = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: infrastructure
  description: The infra business unit
spec:
  type: business-unit
  profile:
    displayName: Infrastructure
  children: [backstage, boxoffice]
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: backstage
spec:
  type: team
  parent: infrastructure
  children: []
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: boxoffice
  namespace: tickets
spec:
  type: team
  children: []
`;

describe.each(TEST_DATABASE_KINDS)("Backstage's model on import, on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: TOrganization;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = await upsertOrganization("backstage-model", "Backstage model");
  });
  afterAll(async () => {
    await db?.close();
  });

  it("follows a root Location's relative targets and globs from disk, reports remote targets and cycles, and imports what they point at", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plumbline-locations-"));
    try {
      fs.mkdirSync(path.join(dir, "components"));
      fs.writeFileSync(
        path.join(dir, "all.yaml"),
        `apiVersion: backstage.io/v1alpha1
kind: Location
metadata:
  name: root
spec:
  targets:
    - ./org.yaml
    - ./components/*.yaml
    - https://github.com/backstage/backstage/blob/master/packages/catalog-model/examples/all.yaml
`,
      );
      fs.writeFileSync(path.join(dir, "org.yaml"), INFRASTRUCTURE);
      fs.writeFileSync(path.join(dir, "components", "artist.yaml"), ARTIST_WEB);
      fs.writeFileSync(
        path.join(dir, "components", "loop.yaml"),
        "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: back\nspec:\n  target: ../all.yaml\n",
      );
      // Not named by any Location: a file import of all.yaml must not read it.
      fs.writeFileSync(path.join(dir, "unrelated.yaml"), ARTIST_WEB.replaceAll("artist-", "unrelated-"));

      const sources = readCatalogSources(path.join(dir, "all.yaml"));
      expect(sources.map((source) => path.basename(source.file)).sort()).toEqual(["all.yaml", "artist.yaml", "loop.yaml", "org.yaml"]);
      const result = await importCatalog(org.id, sources, "locations");
      expect(result.errorCount).toBe(0);
      expect(await getService(org.id, "artist-web")).not.toBeNull();
      expect(await getService(org.id, "unrelated-web")).toBeNull();
      const locationWarnings = result.problems.filter((problem) => problem.entityRef?.startsWith("location:")).map((problem) => problem.message);
      expect(locationWarnings).toHaveLength(2);
      expect(locationWarnings.join("\n")).toContain("remote target not followed");
      expect(locationWarnings.join("\n")).toMatch(/cycle: .*all\.yaml → .*loop\.yaml → .*all\.yaml/);
      expect(result.accounting.kinds.find((row) => row.kind === "Location")).toMatchObject({ read: 2, skipped: 2 });
      expect(result.accounting.kinds.find((row) => row.kind === "Component")).toMatchObject({ read: 2 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("shows group children on the team page, and names a namespace it cannot keep", async () => {
    const result = await importCatalog(org.id, [{ file: "org/infrastructure.yaml", text: INFRASTRUCTURE }], "org");
    const infrastructure = await getTeam(org.id, "infrastructure");
    expect(infrastructure?.children.map((child) => child.slug)).toEqual(["backstage"]);
    expect((await getTeam(org.id, "backstage"))?.parent?.slug).toBe("infrastructure");
    expect(result.problems.map((problem) => `${problem.severity} ${problem.entityRef ?? ""} ${problem.field}`).sort()).toEqual([
      "warning group:default/infrastructure spec.children[1]",
      "warning group:tickets/boxoffice metadata.namespace",
    ]);
  });

  it("imports a component whose owner Group does not exist, with an unknown-owner marker and a warning, as Backstage does", async () => {
    const result = await importCatalog(
      org.id,
      [
        { file: "artist/catalog-info.yaml", text: ARTIST_WEB },
        { file: "org/infrastructure.yaml", text: INFRASTRUCTURE },
      ],
      "artist",
    );
    expect(result.errorCount).toBe(0);
    const ownerWarning = result.problems.find((problem) => problem.entityRef === "component:default/artist-web" && problem.field === "spec.owner");
    expect(ownerWarning).toMatchObject({ severity: "warning" });
    expect(ownerWarning?.message).toContain('unknown owner: no Group named "artist-relations-team"');

    const artistWeb = await getService(org.id, "artist-web");
    expect(artistWeb?.ownerTeam).toBeNull();
    expect(artistWeb?.provenance["owner"]?.unresolvedRef).toBe("group:default/artist-relations-team");
    expect(artistWeb?.warnings.map((warning) => warning.message).join(" ")).toContain("unknown owner");
    expect(artistWeb?.dependencies.map((dependency) => dependency.service.slug)).toEqual(["artist-lookup"]);
    expect(artistWeb?.resourceRefs).toEqual(["resource:default/artists-db"]);
    const artistLookup = await getService(org.id, "artist-lookup");
    expect(artistLookup?.ownerTeam?.slug).toBe("infrastructure");
    expect(artistLookup?.subcomponentOfRef).toBe("component:default/artist-web");
    expect(result.accounting.kinds.find((row) => row.kind === "Component")).toMatchObject({ read: 2, skipped: 0, rejected: 0 });
  });
});
