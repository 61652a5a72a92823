import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatCatalogProblem } from "@/domain/catalog/format-catalog-problem.ts";
import { importCatalog } from "@/server/catalog/import-catalog.ts";
import { readCatalogSources } from "@/server/catalog/read-catalog-sources.ts";
import { EXAMPLE_CATALOG_DIR } from "@/server/catalog/seed-catalog-on-start.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { getServiceSlos } from "./get-service-slos.ts";
import { findServiceRef, upsertUiSlo } from "./slo.repository.ts";

const component = (name: string, annotations: Record<string, string>) => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  annotations:
${Object.entries(annotations)
  .map(([key, value]) => `    ${key}: "${value}"`)
  .join("\n") || "    {}"}
spec:
  type: service
  lifecycle: production
  owner: payments
`;

const TIMESLICES = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: sliced
spec:
  service: checkout
  indicator: { spec: { ratioMetric: { counter: true } } }
  budgetingMethod: Timeslices
  objectives: [{ target: 0.99 }]
`;

describe.each(TEST_DATABASE_KINDS)("declared SLOs on import, on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: TOrganization;
  const slosOf = async (slug: string) =>
    (await getServiceSlos(org.id, slug)).map((slo) => `${slo.name} ${slo.kind} ${slo.objective} ${slo.windowDays}d ${slo.latencyThresholdMs ?? "-"} ${slo.source} ${slo.provenance.kind}`);

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = await upsertOrganization("slo-import", "SLO import");
  });
  afterAll(async () => {
    await db?.close();
  });

  it("imports the example catalog's SLOs from annotations, OpenSLO documents and tier defaults, without problems", async () => {
    const result = await importCatalog(org.id, readCatalogSources(EXAMPLE_CATALOG_DIR), "catalog/example");
    expect(result.problems.map(formatCatalogProblem)).toEqual([]);
    expect(result.slos.slos).toBeGreaterThanOrEqual(28);
    expect(await slosOf("checkout")).toEqual([
      "availability availability 99.95 28d - catalog annotation",
      "latency latency 99 28d 500 catalog annotation",
    ]);
    expect(await slosOf("ledger")).toEqual(["ledger-availability availability 99.99 30d - catalog openslo"]);
    expect(await slosOf("cart")).toEqual(["availability availability 99.9 28d - catalog tier_default", "cart-latency latency 99 28d 250 catalog openslo"]);
    expect(await slosOf("reporting")).toEqual([]);
    const [latency] = (await getServiceSlos(org.id, "checkout")).filter((slo) => slo.name === "latency");
    expect(latency?.provenance).toEqual({
      kind: "annotation",
      label: "annotation plumbline.dev/slo-latency in catalog/example/components-checkout.yaml",
      origin: "catalog/example",
      file: "catalog/example/components-checkout.yaml",
    });
    expect((await getServiceSlos(org.id, "auth"))[0]?.provenance.label).toBe("the tier 1 default (tier declared in catalog/example)");
    expect(latency).toMatchObject({ status: "no_data", evaluatedAt: null, isEditable: false });
  });

  it("rejects a latency SLO with a bad threshold, naming service, field and value", async () => {
    const result = await importCatalog(org.id, [{ file: "teams/bad.yaml", text: component("bad-latency", { "plumbline.dev/slo-latency": "300:99" }) }], "teams/bad.yaml");
    expect(result.errorCount).toBe(1);
    const [problem] = result.problems;
    expect(problem).toEqual({
      file: "teams/bad.yaml",
      documentIndex: 0,
      entityRef: "component:default/bad-latency",
      field: "metadata.annotations.plumbline.dev/slo-latency",
      message: 'service "bad-latency": latency threshold "300" needs a unit, e.g. "300ms" or "300s" (in "300:99"); SLO not imported',
      severity: "error",
    });
    expect(formatCatalogProblem(problem!)).toBe(
      'teams/bad.yaml, document 1 (component:default/bad-latency), metadata.annotations.plumbline.dev/slo-latency: service "bad-latency": latency threshold "300" needs a unit, e.g. "300ms" or "300s" (in "300:99"); SLO not imported',
    );
    // The service itself imports; only the SLO does not.
    expect(await findServiceRef(org.id, "bad-latency")).not.toBeNull();
    expect(await slosOf("bad-latency")).toEqual([]);
  });

  it("rejects a Timeslices objective without its slice target and window, naming each field", async () => {
    const result = await importCatalog(org.id, [{ file: "slos/sliced.yaml", text: TIMESLICES }], "slos/sliced.yaml");
    expect(result.problems).toEqual([
      {
        file: "slos/sliced.yaml",
        documentIndex: 0,
        entityRef: "slo:sliced",
        field: "spec.objectives[0].timeSliceWindow",
        message: "Timeslices needs a slice length Plumbline measures: one of 5m, 30m, 1h, 2h, 6h, 1d (got nothing)",
        severity: "error",
      },
    ]);
  });

  it("replaces a location's catalog SLOs on a clean import, and removes nothing when the import has errors", async () => {
    const origin = "teams/x.yaml";
    await importCatalog(org.id, [{ file: origin, text: component("x", { "plumbline.dev/slo-latency": "250ms:99", "plumbline.dev/slo-availability": "99.5" }) }], origin);
    expect(await slosOf("x")).toEqual(["availability availability 99.5 28d - catalog annotation", "latency latency 99 28d 250 catalog annotation"]);

    // Broken availability value plus latency gone: an error, so nothing is removed or changed.
    const broken = await importCatalog(org.id, [{ file: origin, text: component("x", { "plumbline.dev/slo-availability": "lots" }) }], origin);
    expect(broken.errorCount).toBe(1);
    expect(broken.slos).toEqual({ slos: 0, removed: 0 });
    expect(await slosOf("x")).toEqual(["availability availability 99.5 28d - catalog annotation", "latency latency 99 28d 250 catalog annotation"]);

    const clean = await importCatalog(org.id, [{ file: origin, text: component("x", { "plumbline.dev/slo-availability": "99.9" }) }], origin);
    expect(clean.slos).toEqual({ slos: 1, removed: 1 });
    expect(await slosOf("x")).toEqual(["availability availability 99.9 28d - catalog annotation"]);
  });

  it("never overwrites an SLO made on the service page", async () => {
    const checkout = await findServiceRef(org.id, "checkout");
    await upsertUiSlo(org.id, checkout?.id ?? "", { name: "latency", kind: "latency", objective: 95, windowDays: 7, latencyThresholdMs: 1000, minRequests: 10, provenance: { kind: "form" } });
    const result = await importCatalog(org.id, readCatalogSources(EXAMPLE_CATALOG_DIR), "catalog/example");
    expect(result.errorCount).toBe(0);
    expect(result.problems.map((p) => [p.severity, p.field, p.message])).toEqual([
      [
        "warning",
        "metadata.annotations.plumbline.dev/slo-latency",
        'service "checkout" has an SLO "latency" made on its service page, which the catalog does not overwrite; delete that one or rename this one',
      ],
    ]);
    expect(await slosOf("checkout")).toEqual(["availability availability 99.95 28d - catalog annotation", "latency latency 95 7d 1000 ui form"]);
  });

  it("imports an SLO whose indicatorRef names an SLI document in another file, one stored SLO per objective", async () => {
    const sli = `apiVersion: openslo/v1
kind: SLI
metadata:
  name: search-latency
spec:
  thresholdMetric:
    metricSource: { type: Prometheus, spec: { query: "histogram_quantile(0.99, rate(x[5m]))" } }
`;
    const slo = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: search-latency
spec:
  service: search-svc
  indicatorRef: search-latency
  timeWindow: [{ duration: 2w, isRolling: true }]
  budgetingMethod: Occurrences
  objectives:
    - { displayName: Fast, op: lt, value: 200, target: 0.9 }
    - { displayName: Acceptable, op: lte, value: 1000, targetPercent: 99.5 }
`;
    const result = await importCatalog(
      org.id,
      [
        { file: "search/catalog-info.yaml", text: component("search-svc", {}) },
        { file: "search/slis.yaml", text: sli },
        { file: "search/slos.yaml", text: slo },
      ],
      "search",
    );
    expect(result.problems.map(formatCatalogProblem)).toEqual([]);
    expect(await slosOf("search-svc")).toEqual([
      "search-latency-acceptable latency 99.5 14d 1000 catalog openslo",
      "search-latency-fast latency 90 14d 200 catalog openslo",
    ]);
    expect(result.accounting.kinds.filter((row) => row.format === "openslo")).toEqual([
      { format: "openslo", kind: "SLI", read: 1, imported: 1, updated: 0, unchanged: 0, skipped: 0, rejected: 0 },
      { format: "openslo", kind: "SLO", read: 1, imported: 1, updated: 0, unchanged: 0, skipped: 0, rejected: 0 },
    ]);
  });
});
