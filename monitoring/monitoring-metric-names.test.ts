import { describe, expect, it } from "vitest";
import { createMetrics } from "@/server/metrics/plumbline-metrics.ts";
import { alertExpressions, dashboardQueries, metricNamesIn } from "./dashboard-queries.ts";

// The dashboard and the alerts read metrics by name; a renamed or removed metric would
// leave an empty panel or an alert that can never fire, silently. Prometheus's own `up`
// is the only name not served by Plumbline.
const served = new Set([...(await createMetrics().registry.getMetricsAsJSON()).map((metric) => metric.name), "up"]);

describe("monitoring/ reads only metrics Plumbline serves", () => {
  it.each(dashboardQueries().map((query) => [query.panel, query.expr]))("dashboard panel %s", (_panel, expr) => {
    const names = metricNamesIn(expr);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => !served.has(name))).toEqual([]);
  });

  it.each(alertExpressions().map((rule) => [rule.alert, rule.expr]))("alert %s", (_alert, expr) => {
    const names = metricNamesIn(expr);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => !served.has(name))).toEqual([]);
  });

  it("the dashboard shows every plumbline_ metric", () => {
    const shown = new Set(dashboardQueries().flatMap((query) => metricNamesIn(query.expr)));
    expect([...served].filter((name) => name.startsWith("plumbline_") && !shown.has(name))).toEqual([]);
  });
});
