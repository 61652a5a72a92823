import { describe, expect, it } from "vitest";
import { DEFAULT_POLICIES } from "./default-policies.ts";
import { evaluatePolicies } from "./evaluate-policies.ts";
import {
  BREACHED,
  deployRequest,
  dependent,
  gateFacts,
  HEALTHY,
  NO_DATA,
  PAGE_ALERT,
  policy,
  STALE,
  TICKET_ALERT,
} from "@/domain/policy/testing/gate-test-fixtures.ts";
import type { PolicySet } from "./policy-schemas.ts";
import type { DeployRequestInput, GateDecision, GateFacts } from "./policy-types.ts";

// A Thursday afternoon in December, outside every freeze below unless a case says otherwise.
const NOW = new Date("2026-12-03T13:00:00Z");

const FREEZES = `
rules:
  - name: year-end-freeze
    type: freeze_window
    timezone: Europe/Berlin
    windows:
      - start: "2026-12-20T00:00"
        end: "2027-01-04T00:00"
        label: year-end
  - name: friday-evening
    type: freeze_window
    timezone: Europe/Berlin
    recurring:
      - days: [fri]
        from: "16:00"
        to: "24:00"
  - name: break-glass
    type: break_glass
    announceTeams: [platform, sre]
`;

const WITH_FREEZES = policy(`${DEFAULT_POLICY_RULES()}${FREEZES.replace("rules:\n", "")}`);

/** The default rules without break-glass, so FREEZES can append its own. */
function DEFAULT_POLICY_RULES(): string {
  return `
rules:
  - name: dependents-out-of-slo
    type: dependents_out_of_slo
  - name: own-budget-exhausted
    type: own_budget_exhausted
`;
}

const withDefaults = (extra: string) => policy(`${extra}\n${DEFAULT_POLICY_RULES()}  - name: break-glass\n    type: break_glass\n`);

interface Case {
  label: string;
  policies?: PolicySet;
  facts?: GateFacts;
  request?: Partial<DeployRequestInput>;
  now?: Date;
  outcome: GateDecision["outcome"];
  /** teamSlug → services whose state asked it, in order. */
  approvals?: Record<string, string[]>;
  effects?: [string, string][];
  messages?: RegExp[];
  breakGlass?: boolean;
  notifyTeams?: string[];
}

const CASES: Case[] = [
  {
    label: "healthy graph → approved",
    facts: gateFacts({ dependents: [dependent("orders", "team-orders", HEALTHY), dependent("cart", "web", HEALTHY)] }),
    outcome: "approved",
    effects: [["(gate)", "allow"]],
    messages: [/^No rule objected: checked dependents-out-of-slo \(2 dependents within 1 hop, none out of SLO or paging\); own-budget-exhausted \(payments: 60% of the budget left\); break-glass \(not requested\)$/],
  },
  {
    label: "no dependents and no SLO → approved",
    facts: gateFacts({ ownSlo: null }),
    outcome: "approved",
    messages: [/own-budget-exhausted \(payments has no SLO, so there is no budget to check\)/],
  },
  {
    label: "direct dependent breached → pending, asking its team",
    facts: gateFacts({ dependents: [dependent("orders", "team-orders", BREACHED), dependent("cart", "web", HEALTHY)] }),
    outcome: "pending",
    approvals: { "team-orders": ["orders"] },
    effects: [["dependents-out-of-slo", "require_approval"]],
    messages: [
      /^orders \(owned by team-orders\) is out of SLO: availability budget -12% remaining, burning 14\.4x over 1 h; it sends 38% of the traffic to payments \(12 req\/s\); approval needed from team-orders$/,
    ],
  },
  {
    label: "page alert firing (at_risk + out of SLO) → pending",
    facts: gateFacts({ dependents: [dependent("orders", "team-orders", PAGE_ALERT)] }),
    outcome: "pending",
    approvals: { "team-orders": ["orders"] },
    messages: [/availability burning 14\.4x over 1 h \(page alert firing\), budget 40% remaining/],
  },
  {
    label: "ticket alert only (at_risk, not out of SLO) → approved",
    facts: gateFacts({ dependents: [dependent("orders", "team-orders", TICKET_ALERT)] }),
    outcome: "approved",
  },
  {
    label: "dependent without SLO → approved",
    facts: gateFacts({ dependents: [dependent("orders", "team-orders", null)] }),
    outcome: "approved",
    messages: [/1 without SLO/],
  },
  {
    label: "transitive breach at depth 2 is beyond the default depth 1 → approved",
    facts: gateFacts({ dependents: [dependent("web", "frontend", BREACHED, { depth: 2, via: ["orders"], trafficShare: 0.2, requestRate: 5 })] }),
    outcome: "approved",
  },
  {
    label: "transitive breach at depth 2 with depth: 2 → pending",
    policies: policy("rules:\n  - {name: deps, type: dependents_out_of_slo, depth: 2}\n"),
    facts: gateFacts({ dependents: [dependent("web", "frontend", BREACHED, { depth: 2, via: ["orders"], trafficShare: 0.2, requestRate: 5 })] }),
    outcome: "pending",
    approvals: { frontend: ["web"] },
    messages: [/it reaches payments through orders and accounts for about 20% of its traffic \(5 req\/s\)/],
  },
  {
    label: "transitive breach at depth 3 with depth: 2 → approved",
    policies: policy("rules:\n  - {name: deps, type: dependents_out_of_slo, depth: 2}\n"),
    facts: gateFacts({ dependents: [dependent("web", "frontend", BREACHED, { depth: 3, trafficShare: 0.2, requestRate: 5 })] }),
    outcome: "approved",
  },
  {
    label: "quiet caller by share → ignored, approved",
    facts: gateFacts({ dependents: [dependent("batch", "data", BREACHED, { trafficShare: 0.01, requestRate: 50 })] }),
    outcome: "approved",
    messages: [/1 quiet caller ignored/],
  },
  {
    label: "quiet caller by rate → ignored, approved",
    facts: gateFacts({ dependents: [dependent("batch", "data", BREACHED, { trafficShare: 0.9, requestRate: 0.05 })] }),
    outcome: "approved",
  },
  {
    label: "unmeasured traffic is not quiet → pending",
    facts: gateFacts({ dependents: [dependent("batch", "data", BREACHED, { trafficShare: null, requestRate: null })] }),
    outcome: "pending",
    approvals: { data: ["batch"] },
    messages: [/it calls payments, but that traffic is not measured/],
  },
  {
    label: "stale dependent → pending by default, from its team",
    facts: gateFacts({ dependents: [dependent("orders", "team-orders", STALE)] }),
    outcome: "pending",
    approvals: { "team-orders": ["orders"] },
    messages: [/^orders \(owned by team-orders\): telemetry is stale, so availability cannot be judged; it sends 38%/],
  },
  {
    label: "stale with a last known breach says so",
    facts: gateFacts({ dependents: [dependent("orders", "team-orders", { ...BREACHED, stale: true })] }),
    outcome: "pending",
    approvals: { "team-orders": ["orders"] },
    messages: [/telemetry is stale, so availability cannot be judged \(last known status: breached\)/],
  },
  {
    label: "no data (thin traffic) is handled like stale → pending",
    facts: gateFacts({ dependents: [dependent("orders", "team-orders", NO_DATA)] }),
    outcome: "pending",
    approvals: { "team-orders": ["orders"] },
    messages: [/there is no data for availability/],
  },
  {
    label: "stale dependent with staleTelemetry: deny → rejected",
    policies: withDefaults("staleTelemetry: deny"),
    facts: gateFacts({ dependents: [dependent("orders", "team-orders", STALE)] }),
    outcome: "rejected",
    effects: [["dependents-out-of-slo", "deny"]],
    messages: [/the policy denies deploys when telemetry is stale/],
  },
  {
    label: "stale dependent with staleTelemetry: allow → approved, and the gate says so",
    policies: withDefaults("staleTelemetry: allow"),
    facts: gateFacts({ dependents: [dependent("orders", "team-orders", STALE)] }),
    outcome: "approved",
    effects: [
      ["dependents-out-of-slo", "allow"],
      ["(gate)", "allow"],
    ],
    messages: [/telemetry is stale.*allowed because the policy sets staleTelemetry: allow/],
  },
  {
    label: "a rule's staleTelemetry overrides the document's",
    policies: policy("staleTelemetry: allow\nrules:\n  - {name: deps, type: dependents_out_of_slo, staleTelemetry: deny}\n"),
    facts: gateFacts({ dependents: [dependent("orders", "team-orders", STALE)] }),
    outcome: "rejected",
  },
  {
    label: "dependents rule with action deny → rejected",
    policies: policy("rules:\n  - {name: deps, type: dependents_out_of_slo, action: deny}\n"),
    facts: gateFacts({ dependents: [dependent("orders", "team-orders", BREACHED)] }),
    outcome: "rejected",
    messages: [/deps denies deploys while a dependent is out of SLO/],
  },
  {
    label: "own budget exhausted, action require_approval → pending from the service's owners",
    facts: gateFacts({ ownSlo: BREACHED }),
    outcome: "pending",
    approvals: { checkout: ["payments"] },
    effects: [["own-budget-exhausted", "require_approval"]],
    messages: [/^payments has exhausted its error budget \(availability budget -12% remaining, burning 14\.4x over 1 h\); per the error-budget policy its owners \(checkout\) approve each deploy$/],
  },
  {
    label: "own budget exhausted, action deny → rejected (freeze)",
    policies: policy("rules:\n  - {name: budget-freeze, type: own_budget_exhausted, action: deny}\n"),
    facts: gateFacts({ ownSlo: BREACHED }),
    outcome: "rejected",
    messages: [/deploys are frozen until the budget recovers/],
  },
  {
    label: "own page alert with budget left is not an exhausted budget → approved",
    facts: gateFacts({ ownSlo: PAGE_ALERT }),
    outcome: "approved",
  },
  {
    label: "own telemetry stale → pending from the service's owners",
    facts: gateFacts({ ownSlo: STALE }),
    outcome: "pending",
    approvals: { checkout: ["payments"] },
    messages: [/^payments: telemetry is stale, so availability cannot be judged; approval needed from its owners \(checkout\)$/],
  },
  {
    label: "dependent without an owner → the service's own team is asked",
    facts: gateFacts({ dependents: [dependent("legacy", null, BREACHED)] }),
    outcome: "pending",
    approvals: { checkout: ["legacy"] },
    messages: [/legacy has no owner team, so approval is needed from the owners of payments \(checkout\)/],
  },
  {
    label: "dependent without an owner, fallbackApprovalTeam set → that team is asked",
    policies: withDefaults("fallbackApprovalTeam: platform"),
    facts: gateFacts({ dependents: [dependent("legacy", null, BREACHED)] }),
    outcome: "pending",
    approvals: { platform: ["legacy"] },
  },
  {
    label: "nobody owns anything and there is no fallback → rejected, nobody can approve",
    facts: gateFacts({ service: { slug: "payments", ownerTeamSlug: null }, dependents: [dependent("legacy", null, BREACHED)] }),
    outcome: "rejected",
    messages: [/nobody can approve: neither legacy nor payments has an owner team/],
  },
  {
    label: "the service's team owns the breached dependent → it is asked",
    facts: gateFacts({ dependents: [dependent("refunds", "checkout", BREACHED)] }),
    outcome: "pending",
    approvals: { checkout: ["refunds"] },
  },
  {
    label: "several dependents of one team → one approval entry",
    facts: gateFacts({
      dependents: [dependent("orders", "team-orders", BREACHED), dependent("returns", "team-orders", PAGE_ALERT), dependent("cart", "web", HEALTHY)],
    }),
    outcome: "pending",
    approvals: { "team-orders": ["orders", "returns"] },
  },
  {
    label: "dependents of two teams and an exhausted own budget → three causes, two teams in rule order",
    facts: gateFacts({ ownSlo: BREACHED, dependents: [dependent("web", "frontend", BREACHED), dependent("orders", "team-orders", STALE)] }),
    outcome: "pending",
    approvals: { "team-orders": ["orders"], frontend: ["web"], checkout: ["payments"] },
  },
  {
    label: "deny and require_approval together → rejected, nobody asked",
    policies: WITH_FREEZES,
    now: new Date("2026-12-24T10:00:00Z"),
    facts: gateFacts({ dependents: [dependent("orders", "team-orders", BREACHED)] }),
    outcome: "rejected",
    effects: [
      ["dependents-out-of-slo", "require_approval"],
      ["year-end-freeze", "deny"],
    ],
  },
  {
    label: "environment scoping: a production-only rule is skipped for staging",
    policies: policy("rules:\n  - {name: deps, type: dependents_out_of_slo, environments: [production]}\n"),
    facts: gateFacts({ dependents: [dependent("orders", "team-orders", BREACHED)] }),
    request: { environment: "staging" },
    outcome: "approved",
    messages: [/^No rule applies to staging; skipped deps$/],
  },
  {
    label: "environment scoping ignores case",
    policies: policy("rules:\n  - {name: deps, type: dependents_out_of_slo, environments: [production]}\n"),
    facts: gateFacts({ dependents: [dependent("orders", "team-orders", BREACHED)] }),
    request: { environment: "Production" },
    outcome: "pending",
    approvals: { "team-orders": ["orders"] },
  },
  {
    label: "a disabled rule is skipped",
    policies: policy("rules:\n  - {name: deps, type: dependents_out_of_slo, enabled: false}\n"),
    facts: gateFacts({ dependents: [dependent("orders", "team-orders", BREACHED)] }),
    outcome: "approved",
  },
  {
    label: "absolute freeze → rejected",
    policies: WITH_FREEZES,
    now: new Date("2026-12-24T10:00:00Z"),
    outcome: "rejected",
    effects: [["year-end-freeze", "deny"]],
    messages: [
      /^Deploys to production are frozen by year-end-freeze \(year-end: 2026-12-20 00:00 to 2027-01-04 00:00, Europe\/Berlin\); it is thu 2026-12-24 11:00 in Europe\/Berlin$/,
    ],
  },
  {
    label: "freeze with action require_approval → pending from approvalTeams",
    policies: policy('rules:\n  - {name: f, type: freeze_window, timezone: UTC, action: require_approval, approvalTeams: [sre], windows: [{start: "2026-12-01", end: "2026-12-31"}]}\n'),
    outcome: "pending",
    approvals: { sre: ["payments"] },
  },
  {
    label: "freeze with action require_approval and no approvalTeams → the service's owners",
    policies: policy('rules:\n  - {name: f, type: freeze_window, timezone: UTC, action: require_approval, windows: [{start: "2026-12-01", end: "2026-12-31"}]}\n'),
    outcome: "pending",
    approvals: { checkout: ["payments"] },
  },
  {
    label: "break-glass overrides a freeze: approved, flagged, announced",
    policies: WITH_FREEZES,
    now: new Date("2026-12-24T10:00:00Z"),
    request: { breakGlassReason: "  Card payments failing, hotfix for INC-231  " },
    outcome: "approved",
    breakGlass: true,
    notifyTeams: ["platform", "sre", "checkout"],
    effects: [
      ["year-end-freeze", "deny"],
      ["break-glass", "allow"],
      ["break-glass", "notify"],
    ],
    messages: [/^Break-glass by alice: "Card payments failing, hotfix for INC-231"\. It overrode year-end-freeze \(deny\)$/, /^Break-glass deploy announced to platform, sre and checkout$/],
  },
  {
    label: "break-glass overrides a dependents rule and tells the team it skipped",
    policies: withDefaults(""),
    facts: gateFacts({ dependents: [dependent("orders", "team-orders", BREACHED)] }),
    request: { breakGlassReason: "revert of a bad release" },
    outcome: "approved",
    breakGlass: true,
    notifyTeams: ["checkout", "team-orders"],
    messages: [/It overrode dependents-out-of-slo \(approval from team-orders for orders\)$/],
  },
  {
    label: "break-glass overrides freeze, dependents and own budget at once",
    policies: WITH_FREEZES,
    now: new Date("2026-12-24T10:00:00Z"),
    facts: gateFacts({ ownSlo: BREACHED, dependents: [dependent("orders", "team-orders", BREACHED)] }),
    request: { breakGlassReason: "data loss fix" },
    outcome: "approved",
    breakGlass: true,
    notifyTeams: ["platform", "sre", "checkout", "team-orders"],
  },
  {
    label: "break-glass with an empty reason → not applied, says a reason is required",
    policies: WITH_FREEZES,
    now: new Date("2026-12-24T10:00:00Z"),
    request: { breakGlassReason: "   " },
    outcome: "rejected",
    breakGlass: false,
    effects: [
      ["year-end-freeze", "deny"],
      ["break-glass", "allow"],
    ],
    messages: [/^Break-glass not applied: a written reason is required$/],
  },
  {
    label: "break-glass with too short a reason → not applied",
    policies: policy("rules:\n  - {name: deps, type: dependents_out_of_slo}\n  - {name: bg, type: break_glass, minReasonLength: 10}\n"),
    facts: gateFacts({ dependents: [dependent("orders", "team-orders", BREACHED)] }),
    request: { breakGlassReason: "urgent" },
    outcome: "pending",
    approvals: { "team-orders": ["orders"] },
    breakGlass: false,
    messages: [/^Break-glass not applied: the reason must be at least 10 characters \(got 6\)$/],
  },
  {
    label: "break-glass without a break_glass rule → not applied",
    policies: policy('rules:\n  - {name: f, type: freeze_window, timezone: UTC, windows: [{start: "2026-12-01", end: "2026-12-31"}]}\n'),
    request: { breakGlassReason: "hotfix" },
    outcome: "rejected",
    messages: [/^Break-glass not applied: no break_glass rule allows it for production$/],
  },
  {
    label: "break-glass scoped to production does not apply to staging",
    policies: policy('rules:\n  - {name: f, type: freeze_window, timezone: UTC, windows: [{start: "2026-12-01", end: "2026-12-31"}]}\n  - {name: bg, type: break_glass, environments: [production]}\n'),
    request: { environment: "staging", breakGlassReason: "hotfix" },
    outcome: "rejected",
    messages: [/no break_glass rule allows it for staging/],
  },
  {
    label: "break-glass when nothing objects → approved normally, not flagged",
    request: { breakGlassReason: "just in case" },
    outcome: "approved",
    breakGlass: false,
    notifyTeams: [],
    messages: [/^Break-glass not needed/],
  },
];

describe("evaluatePolicies (default policy unless a case sets one)", () => {
  it.each(CASES)("$label", (testCase) => {
    const now = testCase.now ?? NOW;
    const decision = evaluatePolicies(testCase.policies ?? DEFAULT_POLICIES, testCase.facts ?? gateFacts(), deployRequest(testCase.request), now);
    expect(decision.outcome).toBe(testCase.outcome);
    expect(decision.evaluatedAt).toEqual(now);
    expect(decision.expiresAt).toEqual(testCase.outcome === "pending" ? new Date(now.getTime() + 60 * 60_000) : null);
    const approvals = Object.fromEntries(decision.approvalsRequired.map((entry) => [entry.teamSlug, entry.because.map((cause) => cause.serviceSlug)]));
    expect(approvals).toEqual(testCase.approvals ?? {});
    if (testCase.approvals !== undefined) expect(decision.approvalsRequired.map((entry) => entry.teamSlug)).toEqual(Object.keys(testCase.approvals));
    if (testCase.effects !== undefined) expect(decision.reasons.map((reason) => [reason.rule, reason.effect])).toEqual(testCase.effects);
    for (const pattern of testCase.messages ?? []) expect(decision.reasons.map((reason) => reason.message)).toContainEqual(expect.stringMatching(pattern));
    expect(decision.breakGlass).toBe(testCase.breakGlass ?? false);
    if (testCase.notifyTeams !== undefined) expect(decision.notifyTeams).toEqual(testCase.notifyTeams);
    // Invariants of every decision.
    expect(decision.summary).not.toContain("\n");
    expect(decision.reasons.length).toBeGreaterThan(0);
    if (decision.outcome !== "pending") expect(decision.approvalsRequired).toEqual([]);
  });
});

/** Instants inside the freeze on Berlin's wall clock but outside on UTC's, and the reverse. */
describe("freeze windows across time zones", () => {
  const berlin = policy(FREEZES);
  const utc = policy(FREEZES.replaceAll("Europe/Berlin", "UTC"));
  const losAngeles = policy(FREEZES.replaceAll("Europe/Berlin", "America/Los_Angeles"));
  const outcome = (policies: PolicySet, instant: string) => evaluatePolicies(policies, gateFacts(), deployRequest(), new Date(instant)).outcome;

  it.each([
    // Absolute window 2026-12-20 00:00 → 2027-01-04 00:00 local.
    { instant: "2026-12-19T22:59:00Z", berlin: "approved", utc: "approved", la: "approved", why: "Berlin 23:59 on the 19th" },
    { instant: "2026-12-19T23:30:00Z", berlin: "rejected", utc: "approved", la: "approved", why: "Berlin 00:30 on the 20th, UTC still the 19th" },
    { instant: "2026-12-20T07:59:00Z", berlin: "rejected", utc: "rejected", la: "approved", why: "LA 23:59 on the 19th" },
    { instant: "2026-12-20T08:00:00Z", berlin: "rejected", utc: "rejected", la: "rejected", why: "LA midnight: start is inclusive" },
    { instant: "2027-01-03T23:00:00Z", berlin: "approved", utc: "rejected", la: "rejected", why: "Berlin midnight on the 4th: end is exclusive" },
    { instant: "2027-01-04T00:00:00Z", berlin: "approved", utc: "approved", la: "rejected", why: "LA 16:00 on the 3rd" },
    // Recurring: Fridays 16:00–24:00 local. 2026-07-03 is a Friday (Berlin in summer time, UTC+2).
    { instant: "2026-07-03T13:59:00Z", berlin: "approved", utc: "approved", la: "approved", why: "Berlin 15:59" },
    { instant: "2026-07-03T14:00:00Z", berlin: "rejected", utc: "approved", la: "approved", why: "Berlin 16:00 summer time" },
    { instant: "2026-07-03T21:59:00Z", berlin: "rejected", utc: "rejected", la: "approved", why: "Berlin 23:59, UTC 21:59" },
    { instant: "2026-07-03T22:00:00Z", berlin: "approved", utc: "rejected", la: "approved", why: "Berlin Saturday 00:00" },
    { instant: "2026-07-03T23:30:00Z", berlin: "approved", utc: "rejected", la: "rejected", why: "LA Friday 16:30" },
    { instant: "2026-07-04T06:59:00Z", berlin: "approved", utc: "approved", la: "rejected", why: "LA Friday 23:59, UTC Saturday" },
    // 2026-12-04 is a Friday in winter (Berlin UTC+1).
    { instant: "2026-12-04T15:00:00Z", berlin: "rejected", utc: "approved", la: "approved", why: "Berlin 16:00 winter time" },
  ])("$instant ($why): Berlin $berlin, UTC $utc, Los Angeles $la", (row) => {
    expect(outcome(berlin, row.instant)).toBe(row.berlin);
    expect(outcome(utc, row.instant)).toBe(row.utc);
    expect(outcome(losAngeles, row.instant)).toBe(row.la);
  });

  it.each([
    { instant: "2026-07-03T19:59:00Z", inside: false, why: "Friday 21:59" },
    { instant: "2026-07-03T20:00:00Z", inside: true, why: "Friday 22:00" },
    { instant: "2026-07-04T03:59:00Z", inside: true, why: "Saturday 05:59, the night that began Friday" },
    { instant: "2026-07-04T04:00:00Z", inside: false, why: "Saturday 06:00" },
    { instant: "2026-07-04T21:00:00Z", inside: false, why: "Saturday 23:00: Saturday is not listed" },
    { instant: "2026-07-02T22:00:00Z", inside: false, why: "Thursday-into-Friday 00:00: the night belongs to Thursday" },
  ])("overnight window fri 22:00 → 06:00 Berlin: $why", ({ instant, inside }) => {
    const overnight = policy('rules:\n  - {name: night, type: freeze_window, timezone: Europe/Berlin, recurring: [{days: [fri], from: "22:00", to: "06:00"}]}\n');
    const decision = evaluatePolicies(overnight, gateFacts(), deployRequest(), new Date(instant));
    expect(decision.outcome).toBe(inside ? "rejected" : "approved");
    if (inside) expect(decision.reasons[0]?.message).toContain("fri 22:00 to 06:00 the next day");
  });

  it("keeps 16:00 local across the DST change (same wall clock, different UTC)", () => {
    // 2026-10-23 (summer, UTC+2) and 2026-10-30 (winter, UTC+1) are both Fridays.
    expect(outcome(berlin, "2026-10-23T14:00:00Z")).toBe("rejected");
    expect(outcome(berlin, "2026-10-30T14:00:00Z")).toBe("approved");
    expect(outcome(berlin, "2026-10-30T15:00:00Z")).toBe("rejected");
  });
});

describe("evaluatePolicies details", () => {
  it("records the facts it used: quiet callers, depth, SLO numbers", () => {
    const decision = evaluatePolicies(
      DEFAULT_POLICIES,
      gateFacts({
        dependents: [
          dependent("orders", "team-orders", BREACHED),
          dependent("batch", "data", BREACHED, { trafficShare: 0.01, requestRate: 0.2 }),
          dependent("web", "frontend", BREACHED, { depth: 2 }),
        ],
      }),
      deployRequest(),
      NOW,
    );
    const check = decision.checks.find((entry) => entry.rule === "dependents-out-of-slo");
    expect(check).toMatchObject({
      result: "objected",
      facts: {
        depth: 1,
        outOfSlo: ["orders"],
        beyondDepth: ["web"],
        ignored: [{ slug: "batch", why: "ignored: quiet caller", detail: "sends 1% of the traffic, below 5%" }],
      },
    });
    expect(decision.reasons[0]?.facts).toMatchObject({
      service: "orders",
      dependent: "orders",
      ownerTeamSlug: "team-orders",
      status: "breached",
      budgetRemaining: -0.12,
      burnRate1h: 14.4,
      trafficShare: 0.38,
      approvalTeams: ["team-orders"],
    });
    expect(decision.summary).toBe("payments 1.4.2 to production: pending approval from team-orders (dependents-out-of-slo)");
  });

  it("gives the same decision whatever order the dependents arrive in", () => {
    const dependents = [dependent("b", "team-b", BREACHED), dependent("a", "team-a", STALE), dependent("c", "team-a", PAGE_ALERT)];
    const forward = evaluatePolicies(DEFAULT_POLICIES, gateFacts({ dependents }), deployRequest(), NOW);
    const backward = evaluatePolicies(DEFAULT_POLICIES, gateFacts({ dependents: [...dependents].reverse() }), deployRequest(), NOW);
    expect(backward).toEqual(forward);
    expect(forward.approvalsRequired.map((entry) => [entry.teamSlug, entry.because.map((cause) => cause.serviceSlug)])).toEqual([
      ["team-a", ["a", "c"]],
      ["team-b", ["b"]],
    ]);
  });

  it("expires pending requests after approvalTimeoutMinutes", () => {
    const decision = evaluatePolicies(withDefaults("approvalTimeoutMinutes: 15"), gateFacts({ ownSlo: BREACHED }), deployRequest(), NOW);
    expect(decision.expiresAt).toEqual(new Date("2026-12-03T13:15:00Z"));
  });

  it("writes one-line summaries for each outcome", () => {
    const christmas = new Date("2026-12-24T10:00:00Z");
    expect(evaluatePolicies(DEFAULT_POLICIES, gateFacts(), deployRequest(), NOW).summary).toBe(
      "payments 1.4.2 to production: approved, no rule objected (3 checked, 0 skipped)",
    );
    expect(evaluatePolicies(WITH_FREEZES, gateFacts(), deployRequest(), christmas).summary).toMatch(
      /^payments 1\.4\.2 to production: rejected by year-end-freeze: Deploys to production are frozen/,
    );
    expect(evaluatePolicies(WITH_FREEZES, gateFacts(), deployRequest({ breakGlassReason: "hotfix" }), christmas).summary).toBe(
      "payments 1.4.2 to production: approved by break-glass, overriding year-end-freeze",
    );
  });

  it("lists every rule in checks, in order, with what happened", () => {
    const decision = evaluatePolicies(WITH_FREEZES, gateFacts(), deployRequest({ environment: "staging" }), NOW);
    expect(decision.checks.map((entry) => [entry.rule, entry.result])).toEqual([
      ["dependents-out-of-slo", "passed"],
      ["own-budget-exhausted", "passed"],
      ["year-end-freeze", "passed"],
      ["friday-evening", "passed"],
      ["break-glass", "passed"],
    ]);
  });

  it("rejects facts for another service and an invalid clock", () => {
    expect(() => evaluatePolicies(DEFAULT_POLICIES, gateFacts(), deployRequest({ service: "orders" }), NOW)).toThrow(/facts are for payments/);
    expect(() => evaluatePolicies(DEFAULT_POLICIES, gateFacts(), deployRequest(), new Date(Number.NaN))).toThrow(RangeError);
  });
});
