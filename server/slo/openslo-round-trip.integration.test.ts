import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCatalog } from "@/server/catalog/import-catalog.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { exportOpenSlo } from "./export-openslo.ts";
import { findSlosForExport } from "./slo.repository.ts";

const COMPONENTS = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: web-team }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: web
  annotations:
    plumbline.dev/slo-availability: "99.95"
spec: { type: service, lifecycle: production, owner: web-team }
`;

const RATIO = `  indicator:
    spec:
      ratioMetric:
        counter: true
        good: { metricSource: { type: Prometheus, spec: { query: "good" } } }
        total: { metricSource: { type: Prometheus, spec: { query: "total" } } }`;

const SLOS = `apiVersion: openslo/v1
kind: SLO
metadata: { name: web-slices }
spec:
  service: web
${RATIO}
  timeWindow: [{ duration: 1M, isRolling: false, calendar: { startTime: "2022-01-01 00:00:00", timeZone: Europe/Berlin } }]
  budgetingMethod: Timeslices
  objectives: [{ target: 0.995, timeSliceTarget: 0.9, timeSliceWindow: 1h }]
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: web-latency
  annotations: { plumbline.dev/min-requests: "250" }
spec:
  service: web
  indicator: { spec: { thresholdMetric: { metricSource: { type: Prometheus, spec: { query: "latency" } } } } }
  timeWindow: [{ duration: 2w, isRolling: true }]
  budgetingMethod: RatioTimeslices
  objectives: [{ op: lte, value: 400, targetPercent: 99, timeSliceWindow: 5m }]
`;

describe.each(TEST_DATABASE_KINDS)("OpenSLO export round trip, on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("exports what Plumbline holds as OpenSLO v1, and importing the export into an empty organization gives the same SLOs", async () => {
    const source = await upsertOrganization("openslo-source", "Source");
    const imported = await importCatalog(source.id, [{ file: "catalog-info.yaml", text: COMPONENTS }, { file: "slos.yaml", text: SLOS }], "catalog");
    expect(imported.problems).toEqual([]);
    const exported = await exportOpenSlo(source.id);
    expect(exported).toContain("apiVersion: openslo/v1");

    const target = await upsertOrganization("openslo-target", "Target");
    // The component without its annotation: the exported document declares that SLO now.
    const bare = COMPONENTS.replace(/  annotations:\n    plumbline.dev\/slo-availability: "99.95"\n/, "");
    const again = await importCatalog(target.id, [{ file: "catalog-info.yaml", text: bare }, { file: "plumbline-slos.yaml", text: exported }], "catalog");
    expect(again.problems).toEqual([]);
    const definitions = async (organizationId: string) =>
      (await findSlosForExport(organizationId)).map(({ service, ...slo }) => ({ service: service.slug, ...slo }));
    expect(await definitions(target.id)).toEqual(await definitions(source.id));
    expect((await definitions(target.id)).map((slo) => slo.name)).toEqual(["availability", "web-latency", "web-slices"]);
  });
});
