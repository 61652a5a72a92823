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

/**
 * promtool's rule unit test for the latency SLO (300 ms, which is no bucket bound of
 * Istio's histograms: 250 and 500 ms). Each minute 100 requests: 60 under 250 ms, all under
 * 500 ms. Interpolated within the bucket, 60 + 40 × (300 − 250) / (500 − 250) = 68 are
 * fast, so the error ratio is 0.32 — the same number Plumbline's own evaluation gives.
 * Once from telemetry v2's ms histogram, once from Istio 1.1 Mixer's seconds one.
 */
const LATENCY_SERIES = {
  milliseconds: (le: string) => `istio_request_duration_milliseconds_bucket{reporter="destination", destination_workload="checkout", destination_workload_namespace="shop", le="${le}"}`,
  seconds: (le: string) => `istio_request_duration_seconds_bucket{reporter="destination", destination_workload="checkout", destination_workload_namespace="shop", le="${le}"}`,
};
const LATENCY_BOUNDS = { milliseconds: ["100", "250", "500", "+Inf"], seconds: ["0.1", "0.25", "0.5", "+Inf"] } as const;
const LATENCY_UNIT_TEST = (rulesFile: string) => `rule_files: [${JSON.stringify(rulesFile)}]
evaluation_interval: 1m
tests:
${(["milliseconds", "seconds"] as const)
  .map(
    (unit) => `  - interval: 1m
    input_series:
${LATENCY_BOUNDS[unit]
  .map((le, index) => `      - series: '${LATENCY_SERIES[unit](le)}'
        values: '0+${[20, 60, 100, 100][index]}x60'`)
  .join("\n")}
    promql_expr_test:
      - expr: round(slo:sli_error:ratio_rate5m{plumbline_slo="latency"}, 0.0001)
        eval_time: 30m
        exp_samples:
          - labels: '{plumbline_service="checkout", plumbline_slo="latency", sloth_service="checkout", sloth_slo="latency", sloth_window="5m"}'
            value: 0.32
    alert_rule_test:
      - eval_time: 60m
        alertname: PlumblineSLOBurnRatePage
        exp_alerts:
          - exp_labels: { severity: page, plumbline_service: checkout, plumbline_slo: latency, sloth_service: checkout, sloth_slo: latency }
            exp_annotations:
              summary: "checkout latency: error budget burning fast"
              description: "checkout is spending the error budget of its 99% latency SLO fast enough to page (multiwindow burn rate)."
              threshold: ${JSON.stringify(LATENCY_NOTE)}`,
  )
  .join("\n")}
`;
const LATENCY_NOTE =
  "300 ms is not a bucket bound of istio_request_duration_milliseconds_bucket: interpolated between the 250 ms and 500 ms buckets (as histogram_quantile and Plumbline's own evaluation do). 300 ms is not a bucket bound of istio_request_duration_seconds_bucket: interpolated between the 250 ms and 500 ms buckets (as histogram_quantile and Plumbline's own evaluation do).";

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

  it("interpolates a latency threshold between buckets (as Plumbline evaluates it), says so, and promtool records the right error ratio", async () => {
    const rules = await exportPrometheusRules(org.id, "istio");
    expect(rules.split("\n").slice(0, 2)).toEqual(["# Generated by Plumbline from its SLOs (GET /api/v1/slos/export?format=prometheus).", `# checkout latency: ${LATENCY_NOTE}`]);
    const rulesFile = path.join(dir, "plumbline-latency-rules.yaml");
    fs.writeFileSync(rulesFile, rules);
    const testFile = path.join(dir, "plumbline-latency-rules.test.yaml");
    fs.writeFileSync(testFile, LATENCY_UNIT_TEST(rulesFile));
    const run = () => execFileSync(PROMTOOL, ["test", "rules", testFile], { encoding: "utf8", stdio: "pipe" });
    expect(run()).toContain("SUCCESS");
  });
});
