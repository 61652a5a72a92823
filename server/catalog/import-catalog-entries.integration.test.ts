import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { getCatalogEntry, listCatalogEntries } from "./get-catalog-entry.ts";
import { getService } from "./get-service.ts";
import { importCatalog } from "./import-catalog.ts";
import { readCatalogSources } from "./read-catalog-sources.ts";

// Backstage's descriptor-format examples for API, Resource, Domain and System, with a Component relating them.
const CATALOG = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: artist-relations-team
spec:
  type: team
  children: []
---
apiVersion: backstage.io/v1alpha1
kind: Domain
metadata:
  name: artists
  description: Everything about artists
spec:
  owner: artist-relations-team
---
apiVersion: backstage.io/v1alpha1
kind: System
metadata:
  name: artist-engagement-portal
  description: Handy tools to keep artists in the loop
spec:
  owner: artist-relations-team
  domain: artists
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: artist-api
  description: Retrieve artist details
spec:
  type: openapi
  lifecycle: production
  owner: artist-relations-team
  system: artist-engagement-portal
  definition:
    $text: ./artist-api.oas.yaml
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: artist-events
spec:
  type: asyncapi
  lifecycle: production
  owner: artist-relations-team
  definition:
    $text: https://example.com/artist-events.yaml
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: artists-db
  description: Stores artist details
spec:
  type: database
  owner: artist-relations-team
  system: artist-engagement-portal
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: artist-web
spec:
  type: website
  lifecycle: production
  owner: artist-relations-team
  system: artist-engagement-portal
  providesApis: [artist-api]
  dependsOn: [resource:default/artists-db, resource:default/artists-cache]
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: artist-lookup
spec:
  type: service
  lifecycle: production
  owner: artist-relations-team
  consumesApis: [api:artist-api]
`;

const OPENAPI = `openapi: "3.0.0"
info:
  version: 1.0.0
  title: Artist API
paths:
  /artists:
    get:
      summary: List all artists
`;

describe.each(TEST_DATABASE_KINDS)("APIs, Resources and Domains on import, on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: TOrganization;
  let dir: string;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = await upsertOrganization("catalog-entries", "Catalog entries");
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "plumbline-entries-"));
    fs.writeFileSync(path.join(dir, "catalog-info.yaml"), CATALOG);
    fs.writeFileSync(path.join(dir, "artist-api.oas.yaml"), OPENAPI);
  });
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await db?.close();
  });

  it("stores them with their relations, reads a local $text definition, lists a remote one, and shows them on the service page", async () => {
    // A directory import reads the OpenAPI file too: as the API's definition, not as a catalog document.
    const result = await importCatalog(org.id, readCatalogSources(dir), "artists");
    expect(result.errorCount).toBe(0);
    expect(result.counts.entries).toBe(4);
    expect(result.accounting.documentsRead).toBe(8);
    for (const kindRow of ["API", "Resource", "Domain"]) {
      expect(result.accounting.kinds.find((row) => row.kind === kindRow)).toMatchObject({ skipped: 0, rejected: 0 });
    }
    expect(result.problems.map((p) => `${p.entityRef} ${p.field}: ${p.message}`)).toEqual([
      "api:default/artist-events spec.definition: definition at https://example.com/artist-events.yaml is listed, not fetched: Plumbline reads no remote URLs from a catalog",
      'component:default/artist-web spec.dependsOn[1]: unknown dependency: no Resource named "artists-cache" in the catalog; kept and shown as unknown',
    ]);

    const api = await getCatalogEntry(org.id, "api", "artist-api");
    expect(api).toMatchObject({
      name: "artist-api",
      type: "openapi",
      lifecycle: "production",
      ownerTeam: { slug: "artist-relations-team" },
      system: { slug: "artist-engagement-portal", known: true },
      providers: [{ slug: "artist-web", name: "artist-web", known: true }],
      consumers: [{ slug: "artist-lookup", name: "artist-lookup", known: true }],
    });
    expect(api?.definition).toEqual({ text: OPENAPI, language: "yaml", source: { kind: "file", location: "artist-api.oas.yaml" } });
    expect((await getCatalogEntry(org.id, "api", "artist-events"))?.definition).toMatchObject({ text: null, source: { kind: "remote", location: "https://example.com/artist-events.yaml" } });
    expect(await getCatalogEntry(org.id, "resource", "artists-db")).toMatchObject({ type: "database", providers: [{ slug: "artist-web", known: true }] });
    expect(await getCatalogEntry(org.id, "domain", "artists")).toMatchObject({ systems: [{ slug: "artist-engagement-portal" }] });

    const web = await getService(org.id, "artist-web");
    expect(web?.providesApis.map((e) => e.slug)).toEqual(["artist-api"]);
    expect(web?.resources.map((e) => [e.entityRef, e.known])).toEqual([
      ["resource:default/artists-db", true],
      ["resource:default/artists-cache", false],
    ]);
    expect((await getService(org.id, "artist-lookup"))?.consumesApis.map((e) => e.slug)).toEqual(["artist-api"]);
  });

  it("is unchanged on a second import and removes an entry the location no longer declares", async () => {
    const again = await importCatalog(org.id, readCatalogSources(dir), "artists");
    expect(again.accounting.kinds.find((row) => row.kind === "API")).toMatchObject({ read: 2, unchanged: 2 });
    fs.writeFileSync(path.join(dir, "catalog-info.yaml"), CATALOG.replace(/---\napiVersion: backstage.io\/v1alpha1\nkind: API\nmetadata:\n  name: artist-events[\s\S]*?(?=---)/, ""));
    const pruned = await importCatalog(org.id, readCatalogSources(dir), "artists");
    expect(pruned.counts.removed.entries).toBe(1);
    expect((await listCatalogEntries(org.id, "api")).map((e) => e.slug)).toEqual(["artist-api"]);
  });

  it("does not read a $text file for uploaded text", async () => {
    const other = await upsertOrganization("catalog-entries-upload", "Upload");
    await importCatalog(other.id, [{ file: "catalog-info.yaml", text: CATALOG.replace("./artist-api.oas.yaml", "../../etc/hostname") }], "upload");
    expect((await getCatalogEntry(other.id, "api", "artist-api"))?.definition).toMatchObject({ text: null, source: { kind: "file", note: "not among the uploaded files, so not read" } });
  });
});
