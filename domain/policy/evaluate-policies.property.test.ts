import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { appliesToEnvironment } from "./applies-to-environment.ts";
import { evaluatePolicies } from "./evaluate-policies.ts";
import { BREACHED, HEALTHY, NO_DATA, PAGE_ALERT, STALE, TICKET_ALERT } from "@/domain/policy/testing/gate-test-fixtures.ts";
import { parsePolicyData } from "./parse-policy-data.ts";
import type { PolicySet } from "./policy-schemas.ts";
import type { DependentFacts, DeployRequestInput, GateDecision, GateFacts, SloFacts } from "./policy-types.ts";

const TEAMS = ["checkout", "team-a", "team-b", "team-c"] as const;
const ENVIRONMENTS = ["production", "staging"] as const;

const sloArb: fc.Arbitrary<SloFacts | null> = fc.oneof(
  fc.constantFrom(HEALTHY, BREACHED, PAGE_ALERT, TICKET_ALERT, STALE, NO_DATA, null),
  fc.record({
    status: fc.constantFrom("healthy", "at_risk", "breached", "no_data"),
    isOutOfSlo: fc.boolean(),
    budgetRemaining: fc.option(fc.double({ min: -2, max: 1, noNaN: true })),
    burnRate1h: fc.option(fc.double({ min: 0, max: 50, noNaN: true })),
    sloName: fc.option(fc.constantFrom("availability", "latency")),
    stale: fc.boolean(),
  }),
);

const dependentArb: fc.Arbitrary<DependentFacts> = fc.record({
  slug: fc.constantFrom("d0", "d1", "d2", "d3", "d4", "d5", "d6", "d7"),
  ownerTeamSlug: fc.option(fc.constantFrom(...TEAMS)),
  depth: fc.integer({ min: 1, max: 4 }),
  trafficShare: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
  requestRate: fc.option(fc.double({ min: 0, max: 100, noNaN: true })),
  slo: sloArb,
});

const factsArb: fc.Arbitrary<GateFacts> = fc.record({
  service: fc.record({ slug: fc.constant("payments"), ownerTeamSlug: fc.option(fc.constantFrom(...TEAMS)) }),
  dependents: fc.uniqueArray(dependentArb, { selector: (dependent) => dependent.slug, maxLength: 6 }),
  ownSlo: sloArb,
});

const environmentsArb = fc.option(fc.subarray([...ENVIRONMENTS], { minLength: 1 }), { nil: undefined });
const staleArb = fc.option(fc.constantFrom("require_approval", "deny", "allow"), { nil: undefined });

/** Raw rule documents, turned into a PolicySet by the real parser so defaults apply as in production. */
const ruleArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record(
    {
      type: fc.constant("dependents_out_of_slo"),
      environments: environmentsArb,
      depth: fc.integer({ min: 1, max: 5 }),
      minTrafficShare: fc.double({ min: 0, max: 0.5, noNaN: true }),
      minRequestRate: fc.double({ min: 0, max: 5, noNaN: true }),
      action: fc.constantFrom("require_approval", "deny"),
      staleTelemetry: staleArb,
      enabled: fc.boolean(),
    },
    { requiredKeys: ["type"] },
  ),
  fc.record(
    { type: fc.constant("own_budget_exhausted"), environments: environmentsArb, action: fc.constantFrom("require_approval", "deny"), staleTelemetry: staleArb },
    { requiredKeys: ["type"] },
  ),
  fc.record({
    type: fc.constant("freeze_window"),
    environments: environmentsArb,
    timezone: fc.constantFrom("UTC", "Europe/Berlin", "America/Los_Angeles", "Asia/Tokyo"),
    windows: fc.array(fc.constantFrom({ start: "2026-12-20", end: "2027-01-04" }, { start: "2026-06-01T08:00", end: "2026-06-01T18:00" }), { maxLength: 2 }),
    recurring: fc.array(
      fc.record({
        days: fc.subarray(["mon", "tue", "wed", "thu", "fri", "sat", "sun"], { minLength: 1 }),
        from: fc.constantFrom("00:00", "09:00", "16:00", "22:00"),
        to: fc.constantFrom("06:00", "12:00", "24:00"),
      }),
      { minLength: 1, maxLength: 2 },
    ),
    action: fc.constantFrom("deny", "require_approval"),
  }),
  fc.record(
    { type: fc.constant("break_glass"), environments: environmentsArb, announceTeams: fc.subarray([...TEAMS]), minReasonLength: fc.integer({ min: 1, max: 12 }) },
    { requiredKeys: ["type"] },
  ),
);

const policiesArb: fc.Arbitrary<PolicySet> = fc
  .record({
    staleTelemetry: fc.constantFrom("require_approval", "deny", "allow"),
    fallbackApprovalTeam: fc.option(fc.constantFrom(...TEAMS)),
    rules: fc.array(ruleArb, { maxLength: 5 }),
  })
  .map(({ rules, ...header }) => {
    // Drop undefined optionals, as YAML would simply leave the key out.
    const document = { ...header, rules: rules.map((rule, index) => JSON.parse(JSON.stringify({ ...rule, name: `rule-${index}` })) as unknown) };
    const parsed = parsePolicyData(document);
    if (!parsed.ok) throw new Error(`generated an invalid policy: ${JSON.stringify(parsed.errors)}`);
    return parsed.policies;
  });

const requestArb: fc.Arbitrary<DeployRequestInput> = fc.record({
  service: fc.constant("payments"),
  environment: fc.constantFrom(...ENVIRONMENTS),
  version: fc.constant("1.0.0"),
  requestedBy: fc.constant("alice"),
  breakGlassReason: fc.option(fc.constantFrom("", "   ", "hotfix", "revert INC-42: payments failing"), { nil: undefined }),
});

const nowArb = fc.date({ min: new Date("2026-01-01T00:00:00Z"), max: new Date("2027-12-31T23:59:59Z"), noInvalidDate: true });

const healthyDependentArb: fc.Arbitrary<DependentFacts> = fc.record({
  slug: fc.constant("new-healthy-caller"),
  ownerTeamSlug: fc.option(fc.constantFrom(...TEAMS)),
  depth: fc.integer({ min: 1, max: 5 }),
  trafficShare: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
  requestRate: fc.option(fc.double({ min: 0, max: 1000, noNaN: true })),
  slo: fc.oneof(fc.constant(HEALTHY), fc.constant(null), fc.constant(TICKET_ALERT)),
});

const RANK: Record<GateDecision["outcome"], number> = { approved: 0, pending: 1, rejected: 2 };

const isBreakGlassUsable = (policies: PolicySet, request: DeployRequestInput): boolean => {
  const [rule] = policies.rules.filter((candidate) => candidate.type === "break_glass" && candidate.enabled && appliesToEnvironment(candidate, request.environment));
  const reason = request.breakGlassReason?.trim() ?? "";
  return rule !== undefined && rule.type === "break_glass" && reason.length >= rule.minReasonLength;
};

describe("evaluatePolicies properties", () => {
  it("adding a healthy dependent never changes an approved decision", () => {
    fc.assert(
      fc.property(policiesArb, factsArb, requestArb, nowArb, healthyDependentArb, (policies, facts, request, now, healthy) => {
        const before = evaluatePolicies(policies, facts, request, now);
        fc.pre(before.outcome === "approved");
        const after = evaluatePolicies(policies, { ...facts, dependents: [...facts.dependents, healthy] }, request, now);
        expect(after.outcome).toBe("approved");
        expect(after.breakGlass).toBe(before.breakGlass);
      }),
      { numRuns: 500 },
    );
  });

  it("a deny can only be overridden by break-glass", () => {
    fc.assert(
      fc.property(policiesArb, factsArb, requestArb, nowArb, (policies, facts, request, now) => {
        const decision = evaluatePolicies(policies, facts, request, now);
        const hasDeny = decision.reasons.some((reason) => reason.effect === "deny");
        if (hasDeny) expect(decision.outcome === "rejected" || decision.breakGlass).toBe(true);
        if (decision.breakGlass) {
          expect(decision.outcome).toBe("approved");
          expect(isBreakGlassUsable(policies, request)).toBe(true);
        }
        // The same request without break-glass: a deny always rejects.
        const plain = evaluatePolicies(policies, facts, { ...request, breakGlassReason: undefined }, now);
        if (plain.reasons.some((reason) => reason.effect === "deny")) expect(plain.outcome).toBe("rejected");
        expect(plain.breakGlass).toBe(false);
        // Break-glass only ever helps, and only when it is usable.
        expect(RANK[decision.outcome]).toBeLessThanOrEqual(RANK[plain.outcome]);
        if (!isBreakGlassUsable(policies, request)) expect(decision.outcome).toBe(plain.outcome);
      }),
      { numRuns: 500 },
    );
  });

  it("a dependent out of SLO never makes the outcome better", () => {
    fc.assert(
      fc.property(policiesArb, factsArb, requestArb, nowArb, dependentArb, (policies, facts, request, now, extra) => {
        const plainRequest = { ...request, breakGlassReason: undefined };
        const rest = facts.dependents.filter((dependent) => dependent.slug !== extra.slug);
        const before = evaluatePolicies(policies, { ...facts, dependents: rest }, plainRequest, now);
        const after = evaluatePolicies(policies, { ...facts, dependents: [...rest, { ...extra, slo: BREACHED }] }, plainRequest, now);
        expect(RANK[after.outcome]).toBeGreaterThanOrEqual(RANK[before.outcome]);
      }),
      { numRuns: 300 },
    );
  });

  it("is deterministic and independent of the order of dependents", () => {
    fc.assert(
      fc.property(policiesArb, factsArb, requestArb, nowArb, (policies, facts, request, now) => {
        const decision = evaluatePolicies(policies, facts, request, now);
        const reversed = evaluatePolicies(policies, { ...facts, dependents: [...facts.dependents].reverse() }, request, now);
        expect(reversed).toEqual(decision);
        expect(decision.outcome === "pending").toBe(decision.expiresAt !== null);
        expect(decision.outcome === "pending").toBe(decision.approvalsRequired.length > 0);
        const teams = decision.approvalsRequired.map((entry) => entry.teamSlug);
        expect(new Set(teams).size).toBe(teams.length);
      }),
      { numRuns: 300 },
    );
  });
});
