import { chooseApprovers } from "./choose-approvers.ts";
import { formatList } from "./format-gate-text.ts";
import type { PolicySet, TBreakGlassRule, TPolicyRule } from "./policy-schemas.ts";
import type { GateFacts } from "./policy-types.ts";
import type { RuleFinding, RuleResult } from "./rule-finding.ts";

/**
 * A notify-only rule (`require: notification`) never holds a deploy: each objection it
 * found (ask for approval, or deny) becomes a notice to the teams that would have decided.
 * They are the teams the rule asked; for a deny, the owners of the service the finding is
 * about (else fallbackApprovalTeam). With nobody to tell, the finding is a plain note:
 * the gate says so rather than telling no one in silence.
 */
export function applyNotifyOnly(rule: Exclude<TPolicyRule, TBreakGlassRule>, result: RuleResult, facts: GateFacts, policies: PolicySet): RuleResult {
  if (rule.require !== "notification") return result;
  return { ...result, note: `${result.note} (notify-only)`, findings: result.findings.map((finding) => toNotice(rule, finding, facts, policies)) };
}

function toNotice(rule: Exclude<TPolicyRule, TBreakGlassRule>, finding: RuleFinding, facts: GateFacts, policies: PolicySet): RuleFinding {
  if (finding.effect !== "require_approval" && finding.effect !== "deny") return finding;
  const teams = finding.approvalTeams.length > 0 ? finding.approvalTeams : ownersOf(rule, finding.serviceSlug, facts, policies);
  const situation = finding.situation ?? finding.message;
  const would = finding.effect === "deny" ? "deny" : "ask for approval";
  if (teams.length === 0) {
    return {
      ...finding,
      effect: "allow",
      message: `${situation}; notify-only rule (require: notification), so the deploy is not held, but nobody could be told: ${finding.serviceSlug} has no owner team and the policy sets no fallbackApprovalTeam`,
      facts: { ...finding.facts, require: "notification", wouldHave: finding.effect, notifyTeams: [] },
      approvalTeams: [],
      notifyTeams: [],
    };
  }
  return {
    ...finding,
    effect: "notify",
    message: `${situation}; notify-only rule (require: notification): ${formatList(teams)} ${teams.length === 1 ? "is" : "are"} told instead of asked, and the deploy is not held (it would otherwise ${would})`,
    facts: { ...finding.facts, require: "notification", wouldHave: finding.effect, notifyTeams: teams },
    approvalTeams: [],
    notifyTeams: teams,
  };
}

/** Who is told about a finding that asked nobody (a deny): the rule's own teams, the subject's owners, the fallback team. */
function ownersOf(rule: Exclude<TPolicyRule, TBreakGlassRule>, serviceSlug: string, facts: GateFacts, policies: PolicySet): string[] {
  const owner = serviceSlug === facts.service.slug ? facts.service.ownerTeamSlug : (facts.dependents.find((dependent) => dependent.slug === serviceSlug)?.ownerTeamSlug ?? null);
  return chooseApprovers([
    { teams: rule.type === "freeze_window" ? (rule.approvalTeams ?? []) : [], source: "configured" },
    { teams: [owner], source: "service_owner" },
    { teams: [policies.fallbackApprovalTeam], source: "fallback" },
  ]).teams;
}
