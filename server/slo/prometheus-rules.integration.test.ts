import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { importCatalog } from "@/server/catalog/import-catalog.ts";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { exportPrometheusRules } from "./export-prometheus-rules.ts";

const PROMTOOL = "/usr/bin/promtool";

const CATALOG = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: payments }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: checkout
  annotations:
    plumbline.dev/slo-availability: "99.9"
    plumbline.dev/slo-latency: "300ms:99"
spec: { type: service, lifecycle: production, owner: payments }
`;

/**
 * promtool's rule unit test: 2 % of checkout's requests fail for two hours (a 20x burn of
 * a 99.9 % SLO), so the page alert must fire; a healthy service must stay silent.
 */
const UNIT_TEST = (rulesFile: string) => `rule_files: [${JSON.stringify(rulesFile)}]
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - series: 'istio_requests_total{reporter="destination", destination_workload="checkout", destination_workload_namespace="shop", response_code="200"}'
        values: '0+980x180'
      - series: 'istio_requests_total{reporter="destination", destination_workload="checkout", destination_workload_namespace="shop", response_code="503"}'
        values: '0+20x180'
    alert_rule_test:
      - eval_time: 90m
        alertname: PlumblineSLOBurnRatePage
        exp_alerts:
          - exp_labels: { severity: page, plumbline_service: checkout, plumbline_slo: availability, sloth_service: checkout, sloth_slo: availability }
            exp_annotations:
              summary: "checkout availability: error budget burning fast"
              description: "checkout is spending the error budget of its 99.9% availability SLO fast enough to page (multiwindow burn rate)."
  - interval: 1m
    input_series:
      - series: 'istio_requests_total{reporter="destination", destination_workload="checkout", destination_workload_namespace="shop", response_code="200"}'
        values: '0+1000x180'
    alert_rule_test:
      - eval_time: 90m
        alertname: PlumblineSLOBurnRatePage
        exp_alerts: []
`;

describe.each(TEST_DATABASE_KINDS)("Prometheus rules export, on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: TOrganization;
  let dir: string;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = await upsertOrganization("prom-rules", "Prometheus rules");
    const result = await importCatalog(org.id, [{ file: "catalog-info.yaml", text: CATALOG }], "catalog-info.yaml");
    expect(result.errorCount).toBe(0);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "plumbline-rules-"));
  });
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await db?.close();
  });

  it("writes Sloth-shaped recording and burn-rate alert rules that promtool accepts and that fire on a synthetic burn", async () => {
    const rules = await exportPrometheusRules(org.id, "istio");
    const parsed = parse(rules) as { groups: { name: string; rules: { record?: string; alert?: string }[] }[] };
    expect(parsed.groups.map((g) => g.name)).toEqual(["plumbline-slo-checkout-availability", "plumbline-slo-checkout-latency"]);
    expect(parsed.groups[0]?.rules.map((r) => r.record ?? r.alert)).toEqual([
      "slo:sli_error:ratio_rate5m",
      "slo:sli_error:ratio_rate30m",
      "slo:sli_error:ratio_rate1h",
      "slo:sli_error:ratio_rate2h",
      "slo:sli_error:ratio_rate6h",
      "slo:sli_error:ratio_rate1d",
      "slo:sli_error:ratio_rate3d",
      "slo:objective:ratio",
      "slo:error_budget:ratio",
      "PlumblineSLOBurnRatePage",
      "PlumblineSLOBurnRateTicket",
    ]);
    const rulesFile = path.join(dir, "plumbline-rules.yaml");
    fs.writeFileSync(rulesFile, rules);
    expect(execFileSync(PROMTOOL, ["check", "rules", rulesFile], { encoding: "utf8" })).toContain("SUCCESS: 22 rules found");
    const testFile = path.join(dir, "plumbline-rules.test.yaml");
    fs.writeFileSync(testFile, UNIT_TEST(rulesFile));
    expect(execFileSync(PROMTOOL, ["test", "rules", testFile], { encoding: "utf8" })).toContain("SUCCESS");
  });
});
