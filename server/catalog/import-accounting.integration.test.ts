import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ImportAccounting } from "@/domain/catalog/account-import.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { getCatalogOverview } from "./get-catalog-overview.ts";
import { importCatalog } from "./import-catalog.ts";
import { readCatalogSources, type TCatalogSource } from "./read-catalog-sources.ts";
import { EXAMPLE_CATALOG_DIR } from "./seed-catalog-on-start.ts";

const ORIGIN = "catalog/example";

/** `kind read imported/updated/unchanged/skipped/rejected`, one line per row, for readable failures. */
function table(accounting: ImportAccounting): string[] {
  return accounting.kinds.map((row) => `${row.kind} ${row.read} ${row.imported}/${row.updated}/${row.unchanged}/${row.skipped}/${row.rejected}`);
}

function expectAddsUp(accounting: ImportAccounting): void {
  expect(accounting.kinds.reduce((sum, row) => sum + row.read, 0)).toBe(accounting.documentsRead);
  for (const row of accounting.kinds) expect(row.imported + row.updated + row.unchanged + row.skipped + row.rejected, row.kind).toBe(row.read);
}

const MIXED = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: orphan
spec:
  type: service
  lifecycle: production
  owner: system:nobody
---
apiVersion: backstage.io/v1alpha1
kind: Template
metadata:
  name: new-service
spec:
  type: service
  owner: payments
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: bad-slo
spec:
  service: checkout
  indicator: { spec: { ratioMetric: { counter: true } } }
  objectives: [{ target: 7 }]
---
key: [unclosed
`;

describe.each(TEST_DATABASE_KINDS)("import accounting on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: TOrganization;
  let sources: TCatalogSource[];

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = await upsertOrganization("accounting", "Accounting");
    sources = readCatalogSources(EXAMPLE_CATALOG_DIR);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("counts every document of the example catalog once, as imported on the first import", async () => {
    const { accounting } = await importCatalog(org.id, sources, ORIGIN);
    expectAddsUp(accounting);
    expect(table(accounting)).toEqual([
      "API 6 6/0/0/0/0",
      "Component 28 28/0/0/0/0",
      "Domain 2 2/0/0/0/0",
      "Group 9 9/0/0/0/0",
      "Location 1 0/0/0/1/0",
      "Resource 20 20/0/0/0/0",
      "System 8 8/0/0/0/0",
      "User 23 23/0/0/0/0",
      "SLO 2 2/0/0/0/0",
    ]);
    expect(accounting.notImported.map((entry) => `${entry.kind} ${entry.outcome}`)).toEqual(["Location skipped"]);
  });

  it("counts the same catalog again as unchanged, and one edited component as updated", async () => {
    const again = await importCatalog(org.id, sources, ORIGIN);
    expectAddsUp(again.accounting);
    expect(again.accounting.kinds.reduce((sum, row) => sum + row.imported + row.updated, 0)).toBe(0);

    const edited = sources.map((source) =>
      source.file.endsWith("components-checkout.yaml") ? { ...source, text: source.text.replace(/description: .*/, "description: Edited for the accounting test.") } : source,
    );
    const { accounting } = await importCatalog(org.id, edited, ORIGIN);
    expect(table(accounting)).toContain("Component 28 0/1/27/0/0");
  });

  it("accounts for rejected and skipped documents of every format with their reasons, and the home page shows the same", async () => {
    const result = await importCatalog(org.id, [...sources, { file: "catalog/example/mixed.yaml", text: MIXED }], ORIGIN);
    expectAddsUp(result.accounting);
    const mixed = result.accounting.notImported.filter((entry) => entry.file === "catalog/example/mixed.yaml");
    expect(mixed.map((entry) => [entry.documentIndex, entry.format, entry.kind, entry.outcome])).toEqual([
      [0, "backstage", "Component", "rejected"],
      [1, "backstage", "Template", "skipped"],
      [2, "openslo", "SLO", "rejected"],
      [3, "yaml", "(unreadable YAML)", "rejected"],
    ]);
    expect(mixed[0]?.reason).toContain("nobody");
    expect(mixed[2]?.reason).toContain("spec.objectives[0].target");
    expect(result.pruned).toBe(false);

    const overview = await getCatalogOverview(org.id);
    expect(overview.lastImport?.accounting).toEqual(result.accounting);
  });

  it("counts each object of a YAML-list OpenSLO file on its own, with problems addressed by item", async () => {
    const list = `- apiVersion: openslo/v1
  kind: SLO
  metadata: { name: checkout-listed }
  spec:
    service: checkout
    indicator: { spec: { ratioMetric: { counter: true } } }
    objectives: [{ target: 0.99 }]
- apiVersion: openslo/v1
  kind: SLO
  metadata: { name: checkout-broken }
  spec:
    service: checkout
    indicator: { spec: { ratioMetric: { counter: true } } }
    objectives: [{ target: 3 }]
`;
    const result = await importCatalog(org.id, [...sources, { file: "catalog/example/listed.yaml", text: list }], ORIGIN);
    expectAddsUp(result.accounting);
    expect(result.accounting.kinds.find((row) => row.format === "openslo" && row.kind === "SLO")).toMatchObject({ read: 4, imported: 1, rejected: 1 });
    expect(result.accounting.notImported.filter((entry) => entry.file === "catalog/example/listed.yaml")).toEqual([
      expect.objectContaining({ documentIndex: 0, itemIndex: 1, kind: "SLO", outcome: "rejected", reason: expect.stringContaining("spec.objectives[0].target") }),
    ]);
    expect(result.problems.find((problem) => problem.file === "catalog/example/listed.yaml")).toMatchObject({ itemIndex: 1, severity: "error" });
  });
});
