import { describe, expect, it } from "vitest";
import { evaluatePolicies } from "./evaluate-policies.ts";
import { maxDependentDepth } from "./max-dependent-depth.ts";
import { parsePolicyYaml } from "./parse-policy-yaml.ts";
import type { OpenIncidentFacts } from "./policy-types.ts";
import { HEALTHY, dependent, deployRequest, gateFacts, policy } from "@/domain/policy/testing/gate-test-fixtures.ts";

const NOW = new Date("2026-12-04T10:00:00Z");

function incident(overrides: Partial<OpenIncidentFacts> = {}): OpenIncidentFacts {
  return { id: "inc-1", kind: "SEV1", status: "open", title: "Checkout returns 502s", ownerTeamSlug: "sre", serviceSlugs: ["payments"], startedAt: "2026-12-04T09:40:00Z", ...overrides };
}

const HOLD = policy(`
rules:
  - {name: open-incident, type: open_incident}
`);
const FREEZE = policy(`
rules:
  - {name: incident-freeze, type: open_incident, action: deny, kinds: [SEV1], depth: 0}
`);

describe("open_incident rule", () => {
  it("asks the incident's owner team when a SEV1 is open on the service", () => {
    const decision = evaluatePolicies(HOLD, gateFacts({ openIncidents: [incident()] }), deployRequest(), NOW);
    expect(decision.outcome).toBe("pending");
    expect(decision.approvalsRequired).toEqual([expect.objectContaining({ teamSlug: "sre" })]);
    expect(decision.reasons[0]?.message).toBe('SEV1 "Checkout returns 502s" is open on payments (since 2026-12-04T09:40:00Z); deploying needs approval from the incident\'s owners (sre)');
  });

  it("counts a SEV2 on a direct dependent, asking that dependent's owner when the incident has none", () => {
    const facts = gateFacts({ dependents: [dependent("storefront", "web", HEALTHY)], openIncidents: [incident({ kind: "SEV2", status: "mitigated", ownerTeamSlug: null, serviceSlugs: ["storefront"] })] });
    const decision = evaluatePolicies(HOLD, facts, deployRequest(), NOW);
    expect(decision.outcome).toBe("pending");
    expect(decision.approvalsRequired.map((entry) => entry.teamSlug)).toEqual(["web"]);
    expect(decision.reasons[0]?.message).toMatch(/is mitigated but not resolved on storefront, which calls payments/);
  });

  it("ignores SEV3s by default, dependents beyond its depth and incidents elsewhere", () => {
    const facts = gateFacts({
      dependents: [dependent("edge", "web", HEALTHY, { depth: 2 })],
      openIncidents: [incident({ kind: "SEV3" }), incident({ id: "inc-2", serviceSlugs: ["edge"] }), incident({ id: "inc-3", serviceSlugs: ["search"] })],
    });
    const decision = evaluatePolicies(HOLD, facts, deployRequest(), NOW);
    expect(decision.outcome).toBe("approved");
    expect(decision.checks[0]).toMatchObject({ rule: "open-incident", result: "passed", message: "no open SEV1 and SEV2 incident on payments or its dependents within 1 hop" });
  });

  it("freezes with action deny, and break-glass still overrides it", () => {
    expect(evaluatePolicies(FREEZE, gateFacts({ openIncidents: [incident()] }), deployRequest(), NOW)).toMatchObject({ outcome: "rejected", summary: expect.stringMatching(/deploys are frozen until it is resolved/) });
    // depth 0: a dependent's incident does not freeze the service.
    expect(evaluatePolicies(FREEZE, gateFacts({ dependents: [dependent("storefront", "web", HEALTHY)], openIncidents: [incident({ serviceSlugs: ["storefront"] })] }), deployRequest(), NOW).outcome).toBe("approved");
    const glass = policy(`
rules:
  - {name: incident-freeze, type: open_incident, action: deny}
  - {name: break-glass, type: break_glass}
`);
    const decision = evaluatePolicies(glass, gateFacts({ openIncidents: [incident()] }), deployRequest({ breakGlassReason: "the fix for the incident itself" }), NOW);
    expect(decision).toMatchObject({ outcome: "approved", breakGlass: true });
  });

  it("denies when nobody could approve", () => {
    const facts = gateFacts({ service: { slug: "payments", ownerTeamSlug: null }, openIncidents: [incident({ ownerTeamSlug: null })] });
    const decision = evaluatePolicies(HOLD, facts, deployRequest(), NOW);
    expect(decision.outcome).toBe("rejected");
    expect(decision.summary).toMatch(/nobody can approve/);
  });

  it("parses with defaults, rejects unknown kinds and widens the dependents read", () => {
    const parsed = parsePolicyYaml("rules:\n  - {name: incidents, type: open_incident}\n");
    expect(parsed.ok && parsed.policies.rules[0]).toMatchObject({ kinds: ["SEV1", "SEV2"], depth: 1, action: "require_approval" });
    const wrong = parsePolicyYaml("rules:\n  - {name: incidents, type: open_incident, kinds: [near_miss]}\n");
    expect(wrong.ok).toBe(false);
    expect(!wrong.ok && wrong.errors[0]).toMatchObject({ rule: "incidents", field: "kinds[0]" });
    expect(maxDependentDepth(policy("rules:\n  - {name: incidents, type: open_incident, depth: 2}\n"), "production")).toBe(2);
  });
});
