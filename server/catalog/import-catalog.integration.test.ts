import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { childProcessEnv } from "@/server/config/get-config.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { getService } from "./get-service.ts";
import { importCatalog } from "./import-catalog.ts";
import { listServices } from "./list-services.ts";
import { listTeams } from "./list-teams.ts";
import { readCatalogSources } from "./read-catalog-sources.ts";
import { EXAMPLE_CATALOG_DIR } from "./seed-catalog-on-start.ts";

const BROKEN_FILE = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: good-one
spec:
  type: service
  lifecycle: production
  owner: group:default/payments
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: broken-one
spec:
  type: service
  lifecycle: production
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: good-two
  annotations:
    plumbline.dev/tier: banana
spec:
  type: service
  lifecycle: production
  owner: payments
  dependsOn: [component:good-one]
`;

const all = { sort: "name", order: "asc" } as const;

describe.each(TEST_DATABASE_KINDS)("catalog import on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: TOrganization;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = await upsertOrganization("import-test", "Import test");
  });
  afterAll(async () => {
    await db?.close();
  });

  it("imports the example catalog completely and without problems", async () => {
    const result = await importCatalog(org.id, readCatalogSources(EXAMPLE_CATALOG_DIR), "catalog/example");
    expect(result.problems.filter((p) => p.severity === "error")).toEqual([]);
    const services = await listServices(org.id, all);
    expect(services.length).toBeGreaterThanOrEqual(24);
    expect((await listTeams(org.id)).length).toBeGreaterThanOrEqual(6);
    expect(services.every((s) => s.ownerTeam !== null)).toBe(true);
    expect(services.reduce((n, s) => n + s.dependencyCount, 0)).toBeGreaterThanOrEqual(35);
  });

  it("is idempotent: importing the same catalog twice changes nothing", async () => {
    const before = await listServices(org.id, all);
    const result = await importCatalog(org.id, readCatalogSources(EXAMPLE_CATALOG_DIR), "catalog/example");
    expect(result.counts.removed).toEqual({ services: 0, declaredEdges: 0, memberships: 0, entries: 0 });
    expect(await listServices(org.id, all)).toEqual(before);
  });

  it("imports the valid documents of a broken file, names the broken one, and removes nothing", async () => {
    const before = await listServices(org.id, all);
    const result = await importCatalog(org.id, [{ file: "teams/broken.yaml", text: BROKEN_FILE }], "teams/broken.yaml");

    const errors = result.problems.filter((p) => p.severity === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: "teams/broken.yaml", documentIndex: 1, field: "spec.owner" });
    const tierWarning = result.problems.find((p) => p.severity === "warning" && p.field.includes("tier"));
    expect(tierWarning?.message).toContain("banana");

    expect(result.pruned).toBe(false);
    const after = await listServices(org.id, all);
    expect(after.length).toBe(before.length + 2);
    expect(await getService(org.id, "broken-one")).toBeNull();
    const goodTwo = await getService(org.id, "good-two");
    expect(goodTwo?.tier).toBeNull();
    expect(goodTwo?.warnings.map((w) => w.message).join(" ")).toContain("banana");
    expect(goodTwo?.dependencies.map((d) => d.service.slug)).toEqual(["good-one"]);
  });

  it("removes what a clean re-import of the same location no longer declares, and nothing else", async () => {
    const before = await listServices(org.id, all);
    const onlyGoodOne = BROKEN_FILE.split("---")[0] ?? "";
    const result = await importCatalog(org.id, [{ file: "teams/broken.yaml", text: onlyGoodOne }], "teams/broken.yaml");
    expect(result.errorCount).toBe(0);
    expect(result.pruned).toBe(true);
    expect(result.counts.removed).toEqual({ services: 1, declaredEdges: 1, memberships: 0, entries: 0 });
    expect(await getService(org.id, "good-two")).toBeNull();
    expect(await getService(org.id, "good-one")).not.toBeNull();
    expect((await listServices(org.id, all)).length).toBe(before.length - 1);
  });
});

describe("plumbline import (CLI, as a child process)", () => {
  const run = promisify(execFile);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "plumbline-cli-"));
  const brokenPath = path.join(dataDir, "broken.yaml");
  // The CLI starts from an empty database, so this file declares its team itself.
  fs.writeFileSync(
    brokenPath,
    `${BROKEN_FILE}---\napiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: payments\nspec:\n  type: team\n  children: []\n`,
  );
  // No server answers on port 9, so the CLI writes to the embedded database itself.
  const env = childProcessEnv({
    PLUMBLINE_DATA_DIR: path.join(dataDir, "db"),
    PLUMBLINE_URL: "http://127.0.0.1:9",
    DATABASE_URL: "",
  });
  const cli = (...args: string[]) =>
    run(process.execPath, ["--import", "tsx", "cli/plumbline.ts", ...args], { env, cwd: process.cwd() }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("prints each problem with file, document and field, and exits 4", async () => {
    const result = await cli("import", brokenPath);
    expect(result.code).toBe(4);
    expect(result.stdout).toMatch(/ERROR: .*broken\.yaml, document 2 .*spec\.owner/);
    expect(result.stdout).toContain("banana");
    expect(result.stdout).toMatch(/Imported 2 services/);
    expect(result.stdout).toContain("4 document(s) read:");
    expect(result.stdout).toMatch(/Component\s+3\s+2\s+0\s+0\s+0\s+1\n/);
    expect(result.stdout).toMatch(/Group\s+1\s+1\s+0\s+0\s+0\s+0\n/);
    expect(result.stdout).toMatch(/rejected: .*broken\.yaml, document 2 \(component:default\/broken-one\): spec\.owner/);
  }, 120_000);

  it("explains a missing path and exits 1", async () => {
    const result = await cli("import", path.join(dataDir, "nope.yaml"));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("No file or directory at");
  }, 60_000);
});
