import { formatPercent } from "@/domain/slo/format-slo-text.ts";
import { chooseApprovers } from "./choose-approvers.ts";
import { describeSloState } from "./describe-slo-state.ts";
import { describeUnknownSlo } from "./describe-unknown-slo.ts";
import { formatList } from "./format-gate-text.ts";
import { isSloUnknown } from "./is-slo-unknown.ts";
import type { PolicySet, TOwnBudgetExhaustedRule } from "./policy-schemas.ts";
import type { GateFacts } from "./policy-types.ts";
import type { RuleResult } from "./rule-finding.ts";
import { sloFactsRecord } from "./slo-facts-record.ts";

/**
 * DESIGN rule 2, the SRE error-budget policy: once the service has spent its budget,
 * its owners approve each deploy (or, with action deny, deploys freeze until the budget
 * recovers). A page alert without an exhausted budget does not trigger it: that is the
 * service's own incident, not a spent budget. Approvers: the service's owner team,
 * else fallbackApprovalTeam, else nobody → deny.
 */
export function evaluateOwnBudgetRule(rule: TOwnBudgetExhaustedRule, facts: GateFacts, policies: PolicySet): RuleResult {
  const service = facts.service.slug;
  const slo = facts.ownSlo;
  const staleAction = rule.staleTelemetry ?? policies.staleTelemetry;
  if (slo === null) {
    return { note: `${service} has no SLO, so there is no budget to check`, facts: { slo: null }, findings: [] };
  }
  const sloFacts = sloFactsRecord(slo);
  const isUnknown = isSloUnknown(slo);
  const isExhausted = !isUnknown && (slo.status === "breached" || (slo.budgetRemaining !== null && slo.budgetRemaining <= 0));
  if (!isUnknown && !isExhausted) {
    const left = slo.budgetRemaining === null ? "budget not exhausted" : `${formatPercent(slo.budgetRemaining)} of the budget left`;
    return { note: `${service}: ${left}`, facts: sloFacts, findings: [] };
  }

  const effect = isUnknown ? staleAction : rule.action;
  const what = isUnknown
    ? `${service}: ${describeUnknownSlo(slo)}`
    : `${service} has exhausted its error budget (${describeSloState(slo)})`;
  const findingFacts = { ...sloFacts, ...(isUnknown ? { staleTelemetry: staleAction } : {}) };
  const note = isUnknown ? `${service}: no fresh telemetry` : `${service}: budget exhausted`;

  if (effect === "allow") {
    const message = `${what}; allowed because the policy sets staleTelemetry: allow`;
    return { note, facts: sloFacts, findings: [{ effect: "allow", serviceSlug: service, message, facts: findingFacts, approvalTeams: [], isNotable: true, situation: what }] };
  }
  if (effect === "deny") {
    const message = isUnknown
      ? `${what}; the policy denies deploys when telemetry is stale`
      : `${what}; deploys are frozen until the budget recovers`;
    return { note, facts: sloFacts, findings: [{ effect: "deny", serviceSlug: service, message, facts: findingFacts, approvalTeams: [], isNotable: true, situation: what }] };
  }

  const approvers = chooseApprovers([
    { teams: [facts.service.ownerTeamSlug], source: "service_owner" },
    { teams: [policies.fallbackApprovalTeam], source: "fallback" },
  ]);
  const withApprovers = { ...findingFacts, approvalTeams: approvers.teams, approverSource: approvers.source };
  if (approvers.source === null) {
    const message = `${what}; nobody can approve: ${service} has no owner team and the policy sets no fallbackApprovalTeam`;
    return { note, facts: sloFacts, findings: [{ effect: "deny", serviceSlug: service, message, facts: withApprovers, approvalTeams: [], isNotable: true, situation: what }] };
  }
  const asked =
    approvers.source === "service_owner"
      ? isUnknown
        ? `approval needed from its owners (${formatList(approvers.teams)})`
        : `per the error-budget policy its owners (${formatList(approvers.teams)}) approve each deploy`
      : `${service} has no owner team, so approval is needed from ${formatList(approvers.teams)} (fallbackApprovalTeam)`;
  return {
    note,
    facts: sloFacts,
    findings: [{ effect: "require_approval", serviceSlug: service, message: `${what}; ${asked}`, facts: withApprovers, approvalTeams: approvers.teams, isNotable: true, situation: what }],
  };
}
