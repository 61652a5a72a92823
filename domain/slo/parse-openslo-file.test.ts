import { describe, expect, it } from "vitest";
import { parseCatalogFile } from "@/domain/catalog/parse-catalog-file.ts";
import { collectOpenSloIndicators, mayHoldOpenSlo, parseOpenSloFile } from "./parse-openslo-file.ts";

const AVAILABILITY = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout-availability
spec:
  service: checkout
  indicator:
    metadata: { name: checkout-ok }
    spec:
      ratioMetric:
        counter: true
        good: { metricSource: { type: Prometheus, spec: { query: "x" } } }
        total: { metricSource: { type: Prometheus, spec: { query: "y" } } }
  timeWindow:
    - duration: 28d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - target: 0.9995
`;

const LATENCY = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: cart-latency
  annotations:
    plumbline.dev/min-requests: "500"
spec:
  service: cart
  indicator:
    spec:
      thresholdMetric: { metricSource: { type: Prometheus, spec: { query: "z" } } }
  timeWindow: [{ duration: 4w, isRolling: true }]
  budgetingMethod: Occurrences
  objectives:
    - op: lt
      value: 300
      targetPercent: 99
`;

/** AVAILABILITY with one line replaced, for the rejection table. */
function variant(search: string, replacement: string): string {
  if (!AVAILABILITY.includes(search)) throw new Error(`fixture lacks ${search}`);
  return AVAILABILITY.replace(search, replacement);
}

describe("parseOpenSloFile", () => {
  // The OpenSLO v1 README's Timeslices example: a calendar month in a time zone, 1-minute slices here 5m (Plumbline's shortest).
  it("reads Timeslices and RatioTimeslices objectives and calendar-aligned windows", () => {
    const text = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: web-availability
spec:
  service: web
  indicator:
    spec:
      ratioMetric:
        counter: true
        good: { metricSource: { type: Prometheus, spec: { query: "x" } } }
        total: { metricSource: { type: Prometheus, spec: { query: "y" } } }
  timeWindow:
    - duration: 1M
      isRolling: false
      calendar:
        startTime: 2022-01-01 12:00:00
        timeZone: America/New_York
  budgetingMethod: Timeslices
  objectives:
    - displayName: Good
      target: 0.995
      timeSliceTarget: 0.95
      timeSliceWindow: 5m
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: api-ratio
spec:
  service: api
  indicator:
    spec:
      ratioMetric:
        counter: true
        good: { metricSource: { type: Prometheus, spec: { query: "x" } } }
        total: { metricSource: { type: Prometheus, spec: { query: "y" } } }
  timeWindow: [{ duration: 1w, isRolling: true }]
  budgetingMethod: RatioTimeslices
  objectives:
    - target: 0.99
      timeSliceWindow: 1h
`;
    const result = parseOpenSloFile("slos.yaml", text);
    expect(result.problems).toEqual([]);
    expect(result.slos.map((slo) => [slo.name, slo.objective, slo.windowDays, slo.budgeting])).toEqual([
      ["web-availability", 99.5, 31, { method: "Timeslices", timeSliceTarget: 0.95, sliceMinutes: 5, calendar: { count: 1, unit: "M", startTime: "2022-01-01 12:00:00", timeZone: "America/New_York" } }],
      ["api-ratio", 99, 7, { method: "RatioTimeslices", sliceMinutes: 60 }],
    ]);
  });

  it("reads availability and latency SLOs with their provenance", () => {
    const result = parseOpenSloFile("slos.yaml", `${AVAILABILITY}---\n${LATENCY}`);
    expect(result.problems).toEqual([]);
    expect(result.slos).toEqual([
      {
        serviceSlug: "checkout",
        name: "checkout-availability",
        kind: "availability",
        objective: 99.95,
        windowDays: 28,
        latencyThresholdMs: null,
        minRequests: 100,
        provenance: { kind: "openslo", file: "slos.yaml", documentIndex: 0, field: "checkout-availability" },
      },
      {
        serviceSlug: "cart",
        name: "cart-latency",
        kind: "latency",
        objective: 99,
        windowDays: 28,
        latencyThresholdMs: 300,
        minRequests: 500,
        provenance: { kind: "openslo", file: "slos.yaml", documentIndex: 1, field: "cart-latency" },
      },
    ]);
  });

  it.each([
    ["apiVersion", variant("openslo/v1", "openslo/v1alpha"), 'must be openslo/v1 (got "openslo/v1alpha"); Plumbline reads OpenSLO v1 SLO documents'],
    ["metadata.name", variant("name: checkout-availability", "name: Checkout_Availability"), 'must be a lowercase name of letters, digits and "-", at most 63 characters (got "Checkout_Availability"); it becomes the SLO\'s name'],
    ["spec.service", variant("service: checkout", "service: ''"), 'must name the Plumbline service (its slug), e.g. "checkout" (got "")'],
    ["spec.budgetingMethod", variant("budgetingMethod: Occurrences", "budgetingMethod: Slices"), 'must be one of Occurrences, Timeslices, RatioTimeslices (got "Slices")'],
    ["spec.objectives[0].timeSliceTarget", variant("budgetingMethod: Occurrences", "budgetingMethod: Timeslices").replace("- target: 0.9995", "- target: 0.9995\n      timeSliceWindow: 5m"), "Timeslices needs the good ratio a slice must reach, above 0 and at most 1, e.g. 0.95 (got nothing)"],
    ["spec.objectives[0].timeSliceWindow", variant("budgetingMethod: Occurrences", "budgetingMethod: RatioTimeslices").replace("- target: 0.9995", "- target: 0.9995\n      timeSliceWindow: 7m"), 'RatioTimeslices needs a slice length Plumbline measures: one of 5m, 30m, 1h, 2h, 6h, 1d (got "7m")'],
    ["spec.timeWindow[0].calendar.timeZone", variant("isRolling: true", "isRolling: false\n      calendar: { startTime: 2022-01-01 00:00:00, timeZone: Mars/Olympus }"), 'must be an IANA time zone, e.g. "Europe/Berlin" (got "Mars/Olympus")'],
    ["spec.timeWindow[0].duration", variant("duration: 28d\n      isRolling: true", "duration: 1X\n      isRolling: false"), 'must be a whole number and a unit of m (minutes), h, d, w, M (months), Q or Y, e.g. "1M" (got "1X")'],
    ["spec.timeWindow[0].duration", variant("duration: 28d", "duration: 1h"), 'a rolling window must be a whole number of days or weeks between 1d and 90d, e.g. "28d" or "4w" (got "1h")'],
    ["spec.timeWindow[0].duration", variant("duration: 28d", "duration: 365d"), 'a rolling window must be a whole number of days or weeks between 1d and 90d, e.g. "28d" or "4w" (got "365d")'],
    ["spec.objectives[0].target", variant("target: 0.9995", "target: 99.95"), "must be a ratio above 0 and below 1 (1 leaves no error budget), e.g. 0.999 (got 99.95)"],
    ["spec.objectives[0].target", variant("target: 0.9995", "target: 1"), "must be a ratio above 0 and below 1 (1 leaves no error budget), e.g. 0.999 (got 1)"],
    ["spec.objectives[1].target", variant("    - target: 0.9995\n", "    - target: 0.9995\n    - target: 1.5\n"), "must be a ratio above 0 and below 1 (1 leaves no error budget), e.g. 0.999 (got 1.5)"],
    ["spec.objectives[0].op", variant("    - target: 0.9995\n", "    - target: 0.9995\n      op: lt\n"), "only applies to thresholdMetric (latency) indicators; remove it or use spec.indicator.spec.thresholdMetric"],
    ["spec.indicatorRef", variant("  indicator:\n", "  indicatorRef: checkout-ok\n  indicator:\n"), "has both indicator and indicatorRef; keep one"],
  ])("rejects %s naming the field", (field, text, message) => {
    const result = parseOpenSloFile("slos.yaml", text);
    expect(result.slos).toEqual([]);
    expect(result.problems).toEqual([{ file: "slos.yaml", documentIndex: 0, entityRef: expect.stringMatching(/^slo:/), field, message, severity: "error" }]);
  });

  it("reads an indicatorRef to an SLI document of the import, in any file, as the spec's example writes it", () => {
    const sli = `apiVersion: openslo/v1
kind: SLI
metadata:
  name: search-availability
  displayName: Searching availability
spec:
  ratioMetric:
    counter: true
    good: { metricSource: { type: Prometheus, spec: { query: "sum(rate(http_requests_total{status!~'5..'}[1m]))" } } }
    total: { metricSource: { type: Prometheus, spec: { query: "sum(rate(http_requests_total[1m]))" } } }
`;
    const slo = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: search-availability
spec:
  service: search
  indicatorRef: search-availability
  timeWindow: [{ duration: 1w, isRolling: true }]
  budgetingMethod: Occurrences
  objectives: [{ displayName: Good, target: 0.995 }]
`;
    const sources = [
      { file: "slis.yaml", text: sli },
      { file: "slos.yaml", text: slo },
    ];
    const indicators = collectOpenSloIndicators(sources);
    const slis = parseOpenSloFile("slis.yaml", sli, indicators);
    expect(slis).toEqual({ slos: [], problems: [] });
    const result = parseOpenSloFile("slos.yaml", slo, indicators);
    expect(result.problems).toEqual([]);
    expect(result.slos).toMatchObject([{ serviceSlug: "search", name: "search-availability", kind: "availability", objective: 99.5, windowDays: 7 }]);

    const missing = parseOpenSloFile("slos.yaml", slo.replace("indicatorRef: search-availability", "indicatorRef: serch-availability"), indicators);
    expect(missing.problems).toMatchObject([
      { field: "spec.indicatorRef", severity: "error", message: 'no OpenSLO SLI document named "serch-availability" in this import (SLIs: search-availability); put the SLI document in the import or the indicator inline' },
    ]);
  });

  it("makes one SLO per objective, each with its own budget, named after its displayName or position", () => {
    const text = LATENCY.replace(
      "  objectives:\n    - op: lt\n      value: 300\n      targetPercent: 99\n",
      "  objectives:\n    - displayName: Fast\n      op: lt\n      value: 100\n      target: 0.9\n    - displayName: Not too slow\n      op: lte\n      value: 500\n      target: 0.99\n",
    );
    const result = parseOpenSloFile("slos.yaml", text);
    expect(result.problems).toEqual([]);
    expect(result.slos.map((slo) => [slo.name, slo.objective, slo.latencyThresholdMs])).toEqual([
      ["cart-latency-fast", 90, 100],
      ["cart-latency-not-too-slow", 99, 500],
    ]);
    const unnamed = parseOpenSloFile("slos.yaml", variant("    - target: 0.9995\n", "    - target: 0.9995\n    - target: 0.99\n"));
    expect(unnamed.slos.map((slo) => [slo.name, slo.objective])).toEqual([
      ["checkout-availability-1", 99.95],
      ["checkout-availability-2", 99],
    ]);
  });

  it("reads a document that is a YAML list of OpenSLO objects, addressing problems by item, and the catalog parser counts each item", () => {
    const list = [AVAILABILITY, LATENCY.replace("targetPercent: 99", "targetPercent: 100")]
      .map((document) => `${document.trimEnd().replace(/^/gm, "  ").replace(/^  apiVersion/, "- apiVersion")}\n`)
      .join("");
    const result = parseOpenSloFile("slos.yaml", list);
    expect(result.slos.map((slo) => [slo.name, slo.provenance.itemIndex])).toEqual([["checkout-availability", 0]]);
    expect(result.problems).toMatchObject([{ file: "slos.yaml", documentIndex: 0, itemIndex: 1, field: "spec.objectives[0].targetPercent", severity: "error" }]);
    const catalog = parseCatalogFile("slos.yaml", list);
    expect(catalog.problems).toEqual([]);
    expect(catalog.documents).toEqual([
      { file: "slos.yaml", documentIndex: 0, itemIndex: 0, format: "openslo", kind: "SLO" },
      { file: "slos.yaml", documentIndex: 0, itemIndex: 1, format: "openslo", kind: "SLO" },
    ]);
  });

  it("reports every problem of a document, not only the first", () => {
    const text = AVAILABILITY.replace("name: checkout-availability", "name: Checkout_Availability")
      .replace("service: checkout", "service: ''")
      .replace("duration: 28d", "duration: 1h")
      .replace("target: 0.9995", "target: 99.95");
    const result = parseOpenSloFile("slos.yaml", text);
    expect(result.slos).toEqual([]);
    expect(result.problems.map((problem) => [problem.field, problem.severity])).toEqual([
      ["metadata.name", "error"],
      ["spec.service", "error"],
      ["spec.timeWindow[0].duration", "error"],
      ["spec.objectives[0].target", "error"],
    ]);
  });

  it("checks the objective's target even when the indicator is broken", () => {
    const text = AVAILABILITY.replace("ratioMetric:", "someMetric:").replace("target: 0.9995", "target: 2");
    expect(parseOpenSloFile("slos.yaml", text).problems.map((problem) => problem.field)).toEqual(["spec.indicator.spec", "spec.objectives[0].target"]);
  });

  it.each([
    ["op: gt", "must be lt or lte: a latency SLO counts requests faster than objectives[0].value (got \"gt\")", "spec.objectives[0].op"],
    ["op: lt\n      value: 0.3", "must be the latency threshold in whole milliseconds, e.g. 300 (got 0.3)", "spec.objectives[0].value"],
  ])("rejects latency objectives with %j", (objective, message, field) => {
    const text = LATENCY.replace("op: lt\n      value: 300", objective);
    expect(parseOpenSloFile("slos.yaml", text).problems).toMatchObject([{ field, message, severity: "error" }]);
  });

  it("skips other OpenSLO kinds with a warning, and refuses an SLO naming an AlertPolicy the import lacks", () => {
    const service = "apiVersion: openslo/v1\nkind: Service\nmetadata:\n  name: checkout\nspec: {}\n";
    const withPolicies = variant("  budgetingMethod: Occurrences\n", "  budgetingMethod: Occurrences\n  alertPolicies: [page-fast]\n");
    const result = parseOpenSloFile("slos.yaml", `${service}---\n${withPolicies}`);
    expect(result.slos).toEqual([]);
    expect(result.problems.map((p) => [p.documentIndex, p.field, p.severity, p.message])).toEqual([
      [0, "kind", "warning", expect.stringContaining("not imported")],
      [1, "spec.alertPolicies[0]", "error", 'no OpenSLO AlertPolicy named "page-fast" in this import'],
    ]);
  });

  it("reads burn-rate AlertConditions, inline or by name, and refuses a window Plumbline does not measure", () => {
    const inline = (window: string) =>
      variant("  budgetingMethod: Occurrences\n", `  budgetingMethod: Occurrences\n  alertPolicies:\n    - kind: AlertPolicy\n      metadata: { name: p }\n      spec:\n        conditions:\n          - kind: AlertCondition\n            metadata: { name: c }\n            spec: { severity: critical, condition: { kind: burnrate, threshold: 5, lookbackWindow: ${window} } }\n`);
    expect(parseOpenSloFile("slos.yaml", inline("6h")).slos[0]?.alerting).toEqual({ rules: [{ severity: "page", longWindow: "6h", shortWindow: "30m", threshold: 5 }] });
    expect(parseOpenSloFile("slos.yaml", inline("5h")).problems.map((p) => [p.field, p.severity])).toEqual([
      ["spec.alertPolicies[0].spec.conditions[0].spec.condition.lookbackWindow", "error"],
    ]);
  });

  it("leaves Backstage documents to the catalog parser, which in turn skips OpenSLO ones silently", () => {
    const component = "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: checkout\nspec:\n  type: service\n  lifecycle: production\n  owner: payments\n";
    const text = `${component}---\n${AVAILABILITY}`;
    expect(parseOpenSloFile("mixed.yaml", text).slos.map((slo) => slo.name)).toEqual(["checkout-availability"]);
    const catalog = parseCatalogFile("mixed.yaml", text);
    expect(catalog.problems).toEqual([]);
    expect(catalog.entities.map((entity) => entity.entityRef)).toEqual(["component:default/checkout"]);
  });

  it("reads an apiVersion spelled through a YAML escape, and rules out only files that cannot name OpenSLO", () => {
    const escaped = AVAILABILITY.replace("apiVersion: openslo/v1", 'apiVersion: "\\x6fpenslo/v1"');
    expect(mayHoldOpenSlo(escaped)).toBe(true);
    expect(parseOpenSloFile("escaped.yaml", escaped).slos.map((slo) => slo.name)).toEqual(["checkout-availability"]);
    expect(mayHoldOpenSlo("apiVersion: OpenSLO/v1\n")).toBe(true);
    expect(mayHoldOpenSlo("apiVersion: backstage.io/v1alpha1\nkind: Component\n")).toBe(false);
  });
});
