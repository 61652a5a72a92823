import { describe, expect, it } from "vitest";
import { BREACHED, deployRequest, dependent, gateFacts, HEALTHY, policy } from "@/domain/policy/testing/gate-test-fixtures.ts";
import { evaluatePolicies } from "./evaluate-policies.ts";
import { parsePolicyYaml } from "./parse-policy-yaml.ts";

const NOW = new Date("2026-12-03T13:00:00Z");
const breachedCaller = gateFacts({ dependents: [dependent("web", "storefront", BREACHED)] });

describe("require: notification (notify-only rules)", () => {
  it("defaults to require: approval, today's behaviour", () => {
    const rules = policy("rules:\n  - name: dependents\n    type: dependents_out_of_slo\n").rules;
    expect(rules[0]).toMatchObject({ require: "approval" });
    const decision = evaluatePolicies(policy("rules:\n  - name: dependents\n    type: dependents_out_of_slo\n"), breachedCaller, deployRequest(), NOW);
    expect(decision.outcome).toBe("pending");
    expect(decision.notifyTeams).toEqual([]);
  });

  it.each([
    ["a dependent out of SLO", "type: dependents_out_of_slo", breachedCaller, ["storefront"], "web"],
    ["its own budget spent", "type: own_budget_exhausted", gateFacts({ ownSlo: BREACHED }), ["checkout"], "payments"],
    ["a freeze window", 'type: freeze_window\n    timezone: UTC\n    recurring: [{ days: [thu], from: "00:00", to: "24:00" }]', gateFacts(), ["checkout"], "payments"],
  ])("lets the deploy through and tells the teams that would decide: %s", (_label, type, facts, teams, subject) => {
    const decision = evaluatePolicies(policy(`rules:\n  - name: heads-up\n    ${type}\n    require: notification\n`), facts, deployRequest(), NOW);
    expect(decision.outcome).toBe("approved");
    expect(decision.approvalsRequired).toEqual([]);
    expect(decision.notifyTeams).toEqual(teams);
    expect(decision.breakGlass).toBe(false);
    const notice = decision.reasons.find((reason) => reason.effect === "notify");
    expect(notice).toMatchObject({ rule: "heads-up", facts: { service: subject, require: "notification", notifyTeams: teams } });
    expect(notice?.message).toMatch(/told instead of asked, and the deploy is not held/);
    expect(notice?.message).not.toMatch(/approval needed/);
    expect(decision.checks.find((check) => check.rule === "heads-up")?.result).toBe("passed");
    expect(decision.summary).toMatch(/told \(notify-only\)$/);
  });

  it("tells, rather than denies, when the rule's action is deny", () => {
    const decision = evaluatePolicies(policy("rules:\n  - name: heads-up\n    type: dependents_out_of_slo\n    action: deny\n    require: notification\n"), breachedCaller, deployRequest(), NOW);
    expect(decision.outcome).toBe("approved");
    expect(decision.notifyTeams).toEqual(["storefront"]);
    expect(decision.reasons.find((reason) => reason.effect === "notify")?.facts).toMatchObject({ wouldHave: "deny" });
  });

  it("says so when nobody could be told, and still does not hold the deploy", () => {
    const facts = gateFacts({ service: { slug: "payments", ownerTeamSlug: null }, dependents: [dependent("web", null, BREACHED)] });
    const decision = evaluatePolicies(policy("rules:\n  - name: heads-up\n    type: dependents_out_of_slo\n    require: notification\n"), facts, deployRequest(), NOW);
    expect(decision.outcome).toBe("approved");
    expect(decision.notifyTeams).toEqual([]);
    expect(decision.reasons.some((reason) => /nobody could be told/.test(reason.message))).toBe(true);
  });

  it("still tells alongside another rule that holds the deploy, and not at all when the deploy is denied", () => {
    const both = `rules:\n  - name: heads-up\n    type: dependents_out_of_slo\n    require: notification\n  - name: own\n    type: own_budget_exhausted\n`;
    const facts = gateFacts({ dependents: [dependent("web", "storefront", BREACHED)], ownSlo: BREACHED });
    const pending = evaluatePolicies(policy(both), facts, deployRequest(), NOW);
    expect(pending.outcome).toBe("pending");
    expect(pending.approvalsRequired.map((entry) => entry.teamSlug)).toEqual(["checkout"]);
    expect(pending.notifyTeams).toEqual(["storefront"]);

    const denied = evaluatePolicies(policy(both.replace("type: own_budget_exhausted", "type: own_budget_exhausted\n    action: deny")), facts, deployRequest(), NOW);
    expect(denied.outcome).toBe("rejected");
    expect(denied.notifyTeams).toEqual([]);
  });

  it("passes quietly when nothing objects", () => {
    const decision = evaluatePolicies(
      policy("rules:\n  - name: heads-up\n    type: dependents_out_of_slo\n    require: notification\n"),
      gateFacts({ dependents: [dependent("web", "storefront", HEALTHY)] }),
      deployRequest(),
      NOW,
    );
    expect(decision.notifyTeams).toEqual([]);
    expect(decision.reasons.some((reason) => reason.effect === "notify")).toBe(false);
  });

  it("refuses an unknown require value, naming the rule and the field", () => {
    const parsed = parsePolicyYaml("rules:\n  - name: heads-up\n    type: own_budget_exhausted\n    require: email\n");
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toEqual([expect.objectContaining({ rule: "heads-up", field: "require" })]);
  });
});

describe("approveWhenCleared", () => {
  it("defaults to false and accepts true", () => {
    expect(policy("rules: []\n").approveWhenCleared).toBe(false);
    expect(policy("approveWhenCleared: true\nrules: []\n").approveWhenCleared).toBe(true);
    const parsed = parsePolicyYaml("approveWhenCleared: sometimes\nrules: []\n");
    expect(parsed.ok).toBe(false);
  });
});
