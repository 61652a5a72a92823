import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCatalog } from "@/server/catalog/import-catalog.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { exportOpenSlo } from "./export-openslo.ts";
import { exportPrometheusRules } from "./export-prometheus-rules.ts";
import { findOpenSloDocuments } from "./openslo-documents.repository.ts";
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

// The OpenSLO v1 README's own SLI (ratioMetric) and DataSource examples; the DataSource's connection holds AWS keys.
const STANDALONE = `apiVersion: openslo/v1
kind: SLI
metadata:
  name: foo-error
  displayName: Foo Error
spec:
  ratioMetric:
    counter: true
    good:
      metricSource:
        type: Prometheus
        metricSourceRef: prometheus-datasource
        spec:
          query: sum(localhost_server_requests{code=~"2xx|3xx",host="*",instance="127.0.0.1:9090"})
    total:
      metricSource:
        type: Prometheus
        metricSourceRef: prometheus-datasource
        spec:
          query: localhost_server_requests{code="total",host="*",instance="127.0.0.1:9090"}
---
apiVersion: openslo/v1
kind: DataSource
metadata:
  name: TestDataSource
  displayName: Test Data Source
spec:
  description: Data source for testing
  type: CloudWatch
  connectionDetails:
    accessKeyID: accessKey
    secretAccessKey: secretAccessKey
    region: eu-central-1
`;

describe.each(TEST_DATABASE_KINDS)("OpenSLO SLI and DataSource documents, on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("stores them diff-only, exports them with the DataSource's secrets redacted, and they survive import → export → import", async () => {
    const source = await upsertOrganization("openslo-docs-source", "Source");
    const files = [{ file: "catalog-info.yaml", text: COMPONENTS }, { file: "slis.yaml", text: STANDALONE }];
    const first = await importCatalog(source.id, files, "catalog");
    expect(first.problems).toEqual([]);
    const counts = (result: typeof first) =>
      result.accounting.kinds.filter((row) => row.kind === "SLI" || row.kind === "DataSource").map((row) => [row.kind, row.read, row.imported, row.updated, row.unchanged, row.skipped]);
    expect(counts(first)).toEqual([
      ["DataSource", 1, 1, 0, 0, 0],
      ["SLI", 1, 1, 0, 0, 0],
    ]);
    const stored = await findOpenSloDocuments(source.id);
    expect(stored.find((document) => document.kind === "DataSource")?.spec).toMatchObject({ connectionDetails: { accessKeyID: "accessKey", secretAccessKey: "secretAccessKey" } });
    expect(counts(await importCatalog(source.id, files, "catalog"))).toEqual([
      ["DataSource", 1, 0, 0, 1, 0],
      ["SLI", 1, 0, 0, 1, 0],
    ]);

    const exported = await exportOpenSlo(source.id);
    expect(exported).toContain("kind: DataSource");
    expect(exported).toContain("accessKeyID: <redacted>");
    expect(exported).toContain("secretAccessKey: <redacted>");
    expect(exported).toContain("region: eu-central-1");
    expect(exported).not.toMatch(/: accessKey$|: secretAccessKey$/m);

    // Importing the export back into the same organization keeps the stored secrets.
    const bare = COMPONENTS.replace(/  annotations:\n    plumbline.dev\/slo-availability: "99.95"\n/, "");
    expect(counts(await importCatalog(source.id, [{ file: "catalog-info.yaml", text: bare }, { file: "slis.yaml", text: exported }], "catalog"))).toEqual([
      ["DataSource", 1, 0, 0, 1, 0],
      ["SLI", 1, 0, 0, 1, 0],
    ]);

    const target = await upsertOrganization("openslo-docs-target", "Target");
    const again = await importCatalog(target.id, [{ file: "catalog-info.yaml", text: bare }, { file: "plumbline-slos.yaml", text: exported }], "catalog");
    expect(again.problems).toEqual([]);
    const redacted = (documents: Awaited<ReturnType<typeof findOpenSloDocuments>>) =>
      documents.map((document) =>
        document.kind === "DataSource" ? { ...document, spec: { ...document.spec, connectionDetails: { accessKeyID: "<redacted>", secretAccessKey: "<redacted>", region: "eu-central-1" } } } : document,
      );
    expect(await findOpenSloDocuments(target.id)).toEqual(redacted(await findOpenSloDocuments(source.id)));
    expect((await findOpenSloDocuments(target.id)).map((document) => [document.kind, document.name, document.displayName])).toEqual([
      ["DataSource", "TestDataSource", "Test Data Source"],
      ["SLI", "foo-error", "Foo Error"],
    ]);
    expect(await exportOpenSlo(target.id)).toEqual(exported);

    // An import with an error removes nothing; one without removes what the location no longer declares.
    const broken = await importCatalog(target.id, [{ file: "catalog-info.yaml", text: bare }, { file: "broken.yaml", text: "apiVersion: openslo/v1\nkind: SLO\nmetadata: { name: broken }\nspec: { service: web }\n" }], "catalog");
    expect(broken.errorCount).toBeGreaterThan(0);
    expect((await findOpenSloDocuments(target.id)).map((document) => document.name)).toEqual(["TestDataSource", "foo-error"]);
    const removed = await importCatalog(target.id, [{ file: "catalog-info.yaml", text: bare }], "catalog");
    expect(removed.problems).toEqual([]);
    expect(await findOpenSloDocuments(target.id)).toEqual([]);
  });
});

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

// The OpenSLO v1 README's alerting example: an AlertPolicy whose burn-rate AlertCondition and Slack target are separate documents.
const ALERTING = `apiVersion: openslo/v1
kind: SLO
metadata: { name: api-availability }
spec:
  service: api
${RATIO}
  timeWindow: [{ duration: 28d, isRolling: true }]
  budgetingMethod: Occurrences
  objectives: [{ target: 0.999 }]
  alertPolicies: [fast-burn]
---
apiVersion: openslo/v1
kind: AlertPolicy
metadata: { name: fast-burn }
spec:
  description: Alert when the budget burns fast
  alertWhenBreaching: true
  conditions:
    - conditionRef: cpu-usage-breach
    - kind: AlertCondition
      metadata: { name: slow-burn }
      spec:
        severity: ticket
        condition: { kind: burnrate, op: gte, threshold: 2, lookbackWindow: 1d, alertAfter: 30m }
  notificationTargets:
    - targetRef: on-call-slack
---
apiVersion: openslo/v1
kind: AlertCondition
metadata: { name: cpu-usage-breach }
spec:
  severity: page
  condition: { kind: burnrate, op: gte, threshold: 10, lookbackWindow: 1h, alertAfter: 5m }
---
apiVersion: openslo/v1
kind: AlertNotificationTarget
metadata: { name: on-call-slack }
spec:
  target: slack
  description: "Posts to #api-oncall"
---
apiVersion: openslo/v1
kind: DataSource
metadata: { name: prometheus }
spec: { type: Prometheus, connectionDetails: { url: "http://prometheus:9090" } }
`;

describe.each(TEST_DATABASE_KINDS)("OpenSLO alerting documents, on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("stores an SLO's AlertPolicies as its burn-rate rules and notification targets, accounting for every document", async () => {
    const org = await upsertOrganization("openslo-alerting", "Alerting");
    const api = COMPONENTS.replaceAll("web", "api").replace(/  annotations:\n    plumbline.dev\/slo-availability: "99.95"\n/, "");
    const result = await importCatalog(org.id, [{ file: "catalog-info.yaml", text: api }, { file: "slos.yaml", text: ALERTING }], "catalog");
    expect(result.problems).toEqual([]);
    expect(result.accounting.kinds.filter((row) => row.format === "openslo").map((row) => [row.kind, row.read, row.imported, row.skipped])).toEqual([
      ["AlertCondition", 1, 0, 1],
      ["AlertNotificationTarget", 1, 0, 1],
      ["AlertPolicy", 1, 0, 1],
      ["DataSource", 1, 1, 0],
      ["SLO", 1, 1, 0],
    ]);
    const [slo] = await findSlosForExport(org.id);
    expect(slo?.alerting).toEqual({
      rules: [
        { severity: "page", longWindow: "1h", shortWindow: "5m", threshold: 10 },
        { severity: "ticket", longWindow: "1d", shortWindow: "2h", threshold: 2 },
      ],
      notificationTargets: [{ name: "on-call-slack", target: "slack", slackChannel: "#api-oncall" }],
    });
    const rules = await exportPrometheusRules(org.id, "istio");
    expect(rules).toContain("> (10 * 0.001)");
    expect(rules).not.toContain("14.4");

    // Round trip: the OpenSLO export carries the policy inline and reads back as the same rules.
    const target = await upsertOrganization("openslo-alerting-target", "Alerting target");
    const again = await importCatalog(target.id, [{ file: "catalog-info.yaml", text: api }, { file: "export.yaml", text: await exportOpenSlo(org.id) }], "catalog");
    expect(again.problems).toEqual([]);
    expect((await findSlosForExport(target.id))[0]?.alerting).toEqual(slo?.alerting);
  });
});
