import { describe, expect, it } from "vitest";
import { DEFAULT_POLICIES } from "./default-policies.ts";
import { policy } from "@/domain/policy/testing/gate-test-fixtures.ts";
import { maxDependentDepth } from "./max-dependent-depth.ts";

describe("maxDependentDepth", () => {
  const policies = policy(`
rules:
  - {name: direct, type: dependents_out_of_slo, depth: 1}
  - {name: deep-prod, type: dependents_out_of_slo, depth: 3, environments: [production]}
  - {name: deepest-off, type: dependents_out_of_slo, depth: 5, enabled: false}
`);

  it.each([
    { environment: "production", depth: 3 },
    { environment: "PRODUCTION", depth: 3 },
    { environment: "staging", depth: 1 },
  ])("loads $depth hops for $environment", ({ environment, depth }) => {
    expect(maxDependentDepth(policies, environment)).toBe(depth);
  });

  it("is 1 for the default policy and 0 without a dependents rule", () => {
    expect(maxDependentDepth(DEFAULT_POLICIES, "production")).toBe(1);
    expect(maxDependentDepth(policy("rules: []\n"), "production")).toBe(0);
  });
});
