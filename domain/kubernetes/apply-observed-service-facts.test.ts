import { describe, expect, it } from "vitest";
import { applyObservedServiceFacts, EMPTY_SERVICE_FACTS, sameServiceFacts, withoutWorkloadWarnings, type ServiceFacts } from "./apply-observed-service-facts.ts";

const REF = "prod/payments/Deployment/ledger";
const OTHER = "prod/payments/Deployment/ledger-worker";
const mapping = (overrides: Partial<Parameters<typeof applyObservedServiceFacts>[1]> = {}) => ({
  ownerTeamSlug: null,
  tier: null,
  repoUrl: null,
  runbookUrl: null,
  slackChannel: null,
  warnings: [],
  ...overrides,
});
const declared: ServiceFacts = {
  ...EMPTY_SERVICE_FACTS,
  ownerTeamSlug: "payments",
  tier: 1,
  provenance: { owner: { source: "catalog", origin: "catalog/payments.yaml" }, tier: { source: "catalog", origin: "catalog/payments.yaml" } },
  warnings: [{ field: "spec.owner", message: "from the catalog", source: "catalog (payments.yaml)" }],
};

describe("applyObservedServiceFacts", () => {
  it("fills a new service from the observation, naming Kubernetes and the workload", () => {
    const facts = applyObservedServiceFacts(EMPTY_SERVICE_FACTS, mapping({ ownerTeamSlug: "payments", tier: 2, repoUrl: "https://github.com/acme/ledger" }), REF, "kubernetes");
    expect(facts).toMatchObject({ ownerTeamSlug: "payments", tier: 2, repoUrl: "https://github.com/acme/ledger", runbookUrl: null });
    expect(facts.provenance).toEqual({
      owner: { source: "kubernetes", origin: REF },
      tier: { source: "kubernetes", origin: REF },
      repoUrl: { source: "kubernetes", origin: REF },
    });
  });

  it("never overwrites a declared value: a disagreement is recorded as observed", () => {
    const facts = applyObservedServiceFacts(declared, mapping({ ownerTeamSlug: "ledger-team", tier: 1 }), REF, "catalog");
    expect(facts.ownerTeamSlug).toBe("payments");
    expect(facts.provenance.owner).toEqual({ source: "catalog", origin: "catalog/payments.yaml", observedValue: "ledger-team", observedSource: "kubernetes", observedOrigin: REF });
    // Agreement records nothing.
    expect(facts.provenance.tier).toEqual({ source: "catalog", origin: "catalog/payments.yaml" });
  });

  it("clears the recorded disagreement once the workload agrees or stops saying anything", () => {
    const disagreeing = applyObservedServiceFacts(declared, mapping({ ownerTeamSlug: "ledger-team" }), REF, "catalog");
    expect(applyObservedServiceFacts(disagreeing, mapping({ ownerTeamSlug: "payments" }), REF, "catalog").provenance.owner).toEqual(declared.provenance.owner);
    expect(applyObservedServiceFacts(disagreeing, mapping(), REF, "catalog").provenance.owner).toEqual(declared.provenance.owner);
    // Another workload of the same service saying nothing leaves the first one's observation.
    expect(applyObservedServiceFacts(disagreeing, mapping(), OTHER, "catalog").provenance.owner?.observedValue).toBe("ledger-team");
  });

  it("fills a field the catalog left empty, and treats a value without provenance as declared", () => {
    const facts = applyObservedServiceFacts(declared, mapping({ slackChannel: "#ledger" }), REF, "catalog");
    expect(facts.slackChannel).toBe("#ledger");
    expect(facts.provenance.slackChannel).toEqual({ source: "kubernetes", origin: REF });

    const legacy: ServiceFacts = { ...EMPTY_SERVICE_FACTS, tier: 2 };
    const observed = applyObservedServiceFacts(legacy, mapping({ tier: 3 }), REF, "ui");
    expect(observed.tier).toBe(2);
    expect(observed.provenance.tier).toEqual({ source: "ui", observedValue: 3, observedSource: "kubernetes", observedOrigin: REF });
  });

  it("drops an observed value when the workload that set it loses the annotation", () => {
    const set = applyObservedServiceFacts(EMPTY_SERVICE_FACTS, mapping({ runbookUrl: "https://runbooks/ledger" }), REF, "kubernetes");
    expect(applyObservedServiceFacts(set, mapping(), OTHER, "kubernetes").runbookUrl).toBe("https://runbooks/ledger");
    const cleared = applyObservedServiceFacts(set, mapping(), REF, "kubernetes");
    expect(cleared.runbookUrl).toBeNull();
    expect(cleared.provenance.runbookUrl).toBeUndefined();
  });

  it("replaces only this workload's warnings, keeping the catalog's and other workloads'", () => {
    const banana = { field: "tier" as const, message: 'annotation plumbline.dev/tier on Deployment payments/ledger is "banana": expected 1, 2 or 3; tier left empty' };
    const first = applyObservedServiceFacts(declared, mapping({ warnings: [banana] }), REF, "catalog");
    const second = applyObservedServiceFacts(first, mapping({ warnings: [{ field: "repoUrl", message: "bad repo" }] }), OTHER, "catalog");
    expect(second.warnings.map((warning) => warning.source)).toEqual([
      "catalog (payments.yaml)",
      `kubernetes: ${REF}`,
      `kubernetes: ${OTHER}`,
    ]);
    const fixed = applyObservedServiceFacts(second, mapping(), REF, "catalog");
    expect(fixed.warnings.map((warning) => warning.source)).toEqual(["catalog (payments.yaml)", `kubernetes: ${OTHER}`]);
    expect(withoutWorkloadWarnings(fixed, OTHER).warnings).toEqual(declared.warnings);
  });

  it("compares facts regardless of key order (jsonb reorders keys)", () => {
    const facts = applyObservedServiceFacts(declared, mapping({ ownerTeamSlug: "x" }), REF, "catalog");
    const owner = facts.provenance.owner;
    if (owner === undefined) throw new Error("owner provenance missing");
    const reordered: ServiceFacts = { ...facts, provenance: { tier: facts.provenance.tier ?? { source: "catalog" }, owner: Object.fromEntries(Object.entries(owner).reverse()) as typeof owner } };
    expect(sameServiceFacts(facts, reordered)).toBe(true);
    expect(sameServiceFacts(facts, declared)).toBe(false);
  });
});
