import { describe, expect, it } from "vitest";
import { approvalWhileBreachedDraft, breakGlassDraft, isWorseningTransition, sloTransitionAfterDeployDrafts, type TApprovalFact, type TDeployFact, type TSloTransitionFact } from "./near-miss-triggers.ts";

const DEPLOY: TDeployFact = { deployRequestId: "dr-1", service: "payments", ownerTeam: "payments", environment: "production", version: "1.4.2", requestedBy: "alice" };
const T0 = new Date("2026-12-04T10:00:00Z");
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

describe("breakGlassDraft", () => {
  it("drafts for the service's owners, keyed by the deploy request, naming what was overridden", () => {
    const plan = breakGlassDraft({ ...DEPLOY, reason: "hotfix for the 502s", overriddenRules: ["own-budget-exhausted"], at: T0 });
    expect(plan).toMatchObject({
      trigger: "break_glass",
      dedupeKey: "draft:break_glass:dr-1",
      title: "payments 1.4.2 went to production by break-glass overriding own-budget-exhausted",
      services: ["payments"],
      ownerTeam: "payments",
      at: T0,
      facts: { trigger: "break_glass", deployRequestId: "dr-1", reason: "hotfix for the 502s" },
    });
    expect(plan.description).toContain('"hotfix for the 502s"');
  });
});

describe("approvalWhileBreachedDraft", () => {
  const approval = (overrides: Partial<TApprovalFact> = {}): TApprovalFact => ({
    approvalId: "ap-1",
    status: "approved",
    team: "checkout",
    decidedBy: "Priya Raman",
    decidedAt: T0,
    because: [{ type: "dependents_out_of_slo", serviceSlug: "checkout", status: "breached" }],
    ...overrides,
  });

  it.each([
    { case: "an approval asked because a dependent was breached", input: approval(), drafted: true },
    { case: "a rejection (the gate worked)", input: approval({ status: "rejected" }), drafted: false },
    { case: "an approval still pending", input: approval({ status: "pending", decidedAt: null }), drafted: false },
    { case: "a dependent only at risk", input: approval({ because: [{ type: "dependents_out_of_slo", serviceSlug: "checkout", status: "at_risk" }] }), drafted: false },
    { case: "the service's own breach (the error-budget rule, not a dependent)", input: approval({ because: [{ type: "own_budget_exhausted", serviceSlug: "payments", status: "breached" }] }), drafted: false },
    { case: "a freeze window (no SLO status at all)", input: approval({ because: [{ type: "freeze_window", serviceSlug: "payments", status: null }] }), drafted: false },
  ])("$case → drafted: $drafted", ({ input, drafted }) => {
    expect(approvalWhileBreachedDraft(DEPLOY, input) !== null).toBe(drafted);
  });

  it("is for the approving team, about the deploy and the breached dependents, keyed by the approval", () => {
    const plan = approvalWhileBreachedDraft(DEPLOY, approval({ because: [
      { type: "dependents_out_of_slo", serviceSlug: "checkout", status: "breached" },
      { type: "dependents_out_of_slo", serviceSlug: "web", status: "breached" },
      { type: "dependents_out_of_slo", serviceSlug: "checkout", status: "breached" },
    ] }));
    expect(plan).toMatchObject({
      dedupeKey: "draft:approval_while_breached:ap-1",
      title: "Priya Raman approved payments 1.4.2 to production while checkout, web were breached",
      services: ["payments", "checkout", "web"],
      ownerTeam: "checkout",
      at: T0,
    });
  });
});

describe("sloTransitionAfterDeployDrafts", () => {
  const transition = (overrides: Partial<TSloTransitionFact>): TSloTransitionFact => ({ id: "ev-1", service: "payments", sloName: "availability", from: "healthy", to: "breached", at: minutes(10), ...overrides });
  const deploy = { ...DEPLOY, deployedAt: T0 };

  it.each([
    { case: "healthy → breached 10 min after", t: transition({}), drafted: true },
    { case: "healthy → at risk at 30 min exactly", t: transition({ to: "at_risk", at: minutes(30) }), drafted: true },
    { case: "at the deploy's very moment", t: transition({ at: T0 }), drafted: true },
    { case: "31 min after", t: transition({ at: minutes(31) }), drafted: false },
    { case: "before the deploy", t: transition({ at: minutes(-1) }), drafted: false },
    { case: "another service", t: transition({ service: "ledger" }), drafted: false },
    { case: "getting better (breached → at risk)", t: transition({ from: "breached", to: "at_risk" }), drafted: false },
    { case: "to healthy", t: transition({ from: "at_risk", to: "healthy" }), drafted: false },
    { case: "to no data", t: transition({ to: "no_data" }), drafted: false },
    { case: "no data → at risk (first real reading is bad)", t: transition({ from: "no_data", to: "at_risk" }), drafted: true },
  ])("$case → drafted: $drafted", ({ t, drafted }) => {
    expect(sloTransitionAfterDeployDrafts([deploy], [t])).toHaveLength(drafted ? 1 : 0);
  });

  it("one draft per deploy, from its first worsening transition, whatever order they come in", () => {
    const plans = sloTransitionAfterDeployDrafts(
      [deploy, { ...DEPLOY, deployRequestId: "dr-2", version: "1.4.3", deployedAt: minutes(20) }],
      [transition({ id: "ev-3", from: "at_risk", to: "breached", at: minutes(25) }), transition({ id: "ev-2", to: "at_risk", at: minutes(12) })],
    );
    expect(plans.map((plan) => [plan.dedupeKey, plan.facts.transitionId])).toEqual([
      ["draft:slo_transition_after_deploy:dr-1", "ev-2"],
      ["draft:slo_transition_after_deploy:dr-2", "ev-3"],
    ]);
    expect(plans[0]?.title).toBe("payments: SLO availability went healthy → at risk 12 min after 1.4.2 reached production");
  });

  it("knows which transitions are worse", () => {
    expect(isWorseningTransition({ from: "healthy", to: "at_risk" })).toBe(true);
    expect(isWorseningTransition({ from: "at_risk", to: "at_risk" })).toBe(false);
  });
});
