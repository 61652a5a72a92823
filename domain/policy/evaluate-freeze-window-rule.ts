import { chooseApprovers } from "./choose-approvers.ts";
import { findActiveFreezes } from "./find-active-freezes.ts";
import { formatList } from "./format-gate-text.ts";
import type { PolicySet, TFreezeWindowRule } from "./policy-schemas.ts";
import type { DeployRequestInput, GateFacts } from "./policy-types.ts";
import type { RuleResult } from "./rule-finding.ts";

/**
 * DESIGN rule 3: no deploys inside a freeze window except break-glass. With action
 * require_approval the freeze becomes "ask first": approvalTeams, else the service's
 * owner team, else fallbackApprovalTeam, else deny.
 */
export function evaluateFreezeWindowRule(
  rule: TFreezeWindowRule,
  facts: GateFacts,
  request: DeployRequestInput,
  policies: PolicySet,
  now: Date,
): RuleResult {
  const { zoned, active } = findActiveFreezes(rule, now);
  const clock = `${zoned.weekday} ${zoned.localDateTime.replace("T", " ")} in ${rule.timezone}`;
  const clockFacts = { timezone: rule.timezone, localTime: zoned.localDateTime, weekday: zoned.weekday };
  if (active.length === 0) {
    return { note: `not in a freeze window (it is ${clock})`, facts: clockFacts, findings: [] };
  }

  const [first] = active;
  const labelled = active.map((freeze) => (freeze.label === null ? freeze.span : `${freeze.label}: ${freeze.span}`));
  const what = `Deploys to ${request.environment} are frozen by ${rule.name} (${labelled.join("; ")}, ${rule.timezone}); it is ${clock}`;
  const findingFacts = { ...clockFacts, activeWindows: active };
  const note = `in a freeze window${first?.label ? ` (${first.label})` : ""}`;
  const service = facts.service.slug;

  if (rule.action === "deny") {
    return { note, facts: findingFacts, findings: [{ effect: "deny", serviceSlug: service, message: what, facts: findingFacts, approvalTeams: [], isNotable: true, situation: what }] };
  }
  const approvers = chooseApprovers([
    { teams: rule.approvalTeams ?? [], source: "configured" },
    { teams: [facts.service.ownerTeamSlug], source: "service_owner" },
    { teams: [policies.fallbackApprovalTeam], source: "fallback" },
  ]);
  const withApprovers = { ...findingFacts, approvalTeams: approvers.teams, approverSource: approvers.source };
  if (approvers.source === null) {
    const message = `${what}; nobody can approve: ${service} has no owner team and the rule names no approvalTeams`;
    return { note, facts: findingFacts, findings: [{ effect: "deny", serviceSlug: service, message, facts: withApprovers, approvalTeams: [], isNotable: true, situation: what }] };
  }
  const message = `${what}; deploying needs approval from ${formatList(approvers.teams)}`;
  return {
    note,
    facts: findingFacts,
    findings: [{ effect: "require_approval", serviceSlug: service, message, facts: withApprovers, approvalTeams: approvers.teams, isNotable: true, situation: what }],
  };
}
