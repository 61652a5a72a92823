import { describe, expect, it } from "vitest";
import { formatCatalogProblem } from "@/domain/catalog/format-catalog-problem.ts";
import { collectDeclaredSlos, type SloDeclaringService } from "./collect-declared-slos.ts";
import type { DeclaredSlo } from "./declared-slo.ts";

const service = (slug: string, tier: 1 | 2 | 3 | null, annotations: Record<string, string> = {}): SloDeclaringService => ({
  slug,
  tier,
  annotations,
  source: { file: "catalog/components.yaml", documentIndex: 2, entityRef: `component:default/${slug}` },
});

const openSlo = (serviceSlug: string, name: string, kind: "availability" | "latency" = "availability"): DeclaredSlo => ({
  serviceSlug,
  name,
  kind,
  objective: 99.99,
  windowDays: 30,
  latencyThresholdMs: kind === "latency" ? 250 : null,
  minRequests: 100,
  provenance: { kind: "openslo", file: "catalog/slos.yaml", documentIndex: 1, field: name },
});

const summary = (slos: DeclaredSlo[]) => slos.map((slo) => `${slo.serviceSlug}/${slo.name} ${slo.kind} ${slo.objective} ${slo.provenance.kind}`);

describe("collectDeclaredSlos", () => {
  it("reads annotations, fills tier defaults as data says, and lets OpenSLO replace a default", () => {
    const result = collectDeclaredSlos({
      services: [
        service("checkout", 1, { "plumbline.dev/slo-availability": "99.95", "plumbline.dev/slo-latency": "300ms:99" }),
        service("search", 2, { "plumbline.dev/slo-latency": "0.25s:95" }),
        service("reporting", 3),
        service("ledger", 1),
        service("sandbox", null),
      ],
      openSlos: [openSlo("ledger", "ledger-availability")],
      knownServiceSlugs: [],
    });
    expect(result.problems).toEqual([]);
    expect(summary(result.slos)).toEqual([
      "checkout/availability availability 99.95 annotation",
      "checkout/latency latency 99 annotation",
      "ledger/ledger-availability availability 99.99 openslo",
      "reporting/availability availability 99 tier_default",
      "search/availability availability 99.5 tier_default",
      "search/latency latency 95 annotation",
    ]);
    expect(result.slos.find((slo) => slo.serviceSlug === "search" && slo.kind === "latency")?.latencyThresholdMs).toBe(250);
    expect(result.slos[0]?.provenance).toEqual({ kind: "annotation", file: "catalog/components.yaml", documentIndex: 2, field: "plumbline.dev/slo-availability" });
    expect(result.slos.find((slo) => slo.serviceSlug === "reporting")?.provenance).toEqual({ kind: "tier_default", tier: 3 });
  });

  it('opts out of the tier default with "none"', () => {
    const result = collectDeclaredSlos({ services: [service("reporting", 3, { "plumbline.dev/slo-availability": "none" })], openSlos: [], knownServiceSlugs: [] });
    expect(result).toEqual({ slos: [], problems: [] });
  });

  it.each([
    ["plumbline.dev/slo-latency", "300:99", 'service "checkout": latency threshold "300" needs a unit, e.g. "300ms" or "300s" (in "300:99"); SLO not imported'],
    ["plumbline.dev/slo-latency", "fast", 'service "checkout": latency SLO "fast" must look like <threshold>:<objective>, e.g. "300ms:99.9"; SLO not imported'],
    ["plumbline.dev/slo-latency", "300ms:100", 'service "checkout": objective "100" must be above 0 and below 100 (100 leaves no error budget), e.g. "99.9" (in "300ms:100"); SLO not imported'],
    ["plumbline.dev/slo-availability", "99,9", 'service "checkout": objective "99,9" must be a percentage such as "99.9", or "none" for no availability SLO; SLO not imported'],
  ])("rejects %s %j naming service, field and value", (key, value, message) => {
    const result = collectDeclaredSlos({ services: [service("checkout", 1, { [key]: value })], openSlos: [], knownServiceSlugs: [] });
    expect(result.problems).toEqual([
      { file: "catalog/components.yaml", documentIndex: 2, entityRef: "component:default/checkout", field: `metadata.annotations.${key}`, message, severity: "error" },
    ]);
    expect(formatCatalogProblem(result.problems[0]!)).toContain(`metadata.annotations.${key}: service "checkout"`);
    // A broken availability annotation does not fall back to the tier default: the author meant a different number.
    // A broken latency annotation leaves the tier default alone.
    expect(summary(result.slos)).toEqual(key === "plumbline.dev/slo-latency" ? ["checkout/availability availability 99.9 tier_default"] : []);
  });

  it("rejects OpenSLO documents for unknown services (with a hint) and names that clash", () => {
    const result = collectDeclaredSlos({
      services: [service("checkout", 1, { "plumbline.dev/slo-latency": "300ms:99" })],
      openSlos: [openSlo("chekout", "x"), openSlo("checkout", "latency", "latency"), openSlo("payments", "payments-availability")],
      knownServiceSlugs: ["payments"],
    });
    expect(result.problems.map((p) => [p.file, p.entityRef, p.field, p.message])).toEqual([
      ["catalog/slos.yaml", "slo:x", "spec.service", '"chekout" is not the slug of a service in the catalog (did you mean "checkout"?); SLO not imported'],
      [
        "catalog/slos.yaml",
        "slo:latency",
        "metadata.name",
        'service "checkout" already has an SLO named "latency" (from an annotation or another OpenSLO document); give this one another name; SLO not imported',
      ],
    ]);
    expect(summary(result.slos)).toEqual([
      "checkout/availability availability 99.9 tier_default",
      "checkout/latency latency 99 annotation",
      "payments/payments-availability availability 99.99 openslo",
    ]);
  });
});
