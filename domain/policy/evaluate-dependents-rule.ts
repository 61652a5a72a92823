import { formatPercent } from "@/domain/slo/format-slo-text.ts";
import { chooseApprovers } from "./choose-approvers.ts";
import { describeSloState } from "./describe-slo-state.ts";
import { describeUnknownSlo } from "./describe-unknown-slo.ts";
import { formatList, formatRequestRate } from "./format-gate-text.ts";
import { isOutOfSlo } from "./is-out-of-slo.ts";
import { isSloUnknown } from "./is-slo-unknown.ts";
import type { PolicySet, TDependentsOutOfSloRule } from "./policy-schemas.ts";
import type { DependentFacts, GateFacts } from "./policy-types.ts";
import type { RuleFinding, RuleResult } from "./rule-finding.ts";
import { sloFactsRecord } from "./slo-facts-record.ts";

const QUIET_CALLER = "ignored: quiet caller";

/**
 * DESIGN rule 1: when a dependent that matters (within `depth` hops, sending at least
 * minTrafficShare of the service's traffic and at least minRequestRate) is out of SLO,
 * ask one owner of that dependent's team. Unknown traffic is not quiet: a caller is
 * only ignored on a measured number, never on a missing one.
 *
 * Who is asked: the dependent's owner team; with no owner, the policy's
 * fallbackApprovalTeam; without that, the deployed service's own team (they know their
 * callers best and someone accountable must decide). With nobody at all, deny.
 */
export function evaluateDependentsRule(rule: TDependentsOutOfSloRule, facts: GateFacts, policies: PolicySet): RuleResult {
  const service = facts.service.slug;
  const staleAction = rule.staleTelemetry ?? policies.staleTelemetry;
  const findings: RuleFinding[] = [];
  const beyondDepth: string[] = [];
  const ignored: Record<string, unknown>[] = [];
  const withoutSlo: string[] = [];
  const withinSlo: string[] = [];
  /** Breached, or paging (at risk with a page alert): what the rule asks approval for. */
  const outOfSlo: string[] = [];
  let paging = 0;
  const unknown: string[] = [];

  // Sorted so the same graph gives the same reasons and approvals whatever order the server read it in.
  const dependents = [...facts.dependents]
    .filter((dependent) => dependent.slug !== service)
    .sort((a, b) => a.depth - b.depth || compareText(a.slug, b.slug));

  for (const dependent of dependents) {
    if (dependent.depth > rule.depth) {
      beyondDepth.push(dependent.slug);
      continue;
    }
    const quiet = quietBecause(dependent, rule);
    if (quiet !== null) {
      ignored.push({ slug: dependent.slug, why: QUIET_CALLER, detail: quiet, trafficShare: dependent.trafficShare, requestRate: dependent.requestRate });
      continue;
    }
    const { slo } = dependent;
    if (slo === null) {
      withoutSlo.push(dependent.slug);
      continue;
    }
    const isUnknown = isSloUnknown(slo);
    if (!isUnknown && !isOutOfSlo(slo)) {
      withinSlo.push(dependent.slug);
      continue;
    }
    (isUnknown ? unknown : outOfSlo).push(dependent.slug);
    const effect = isUnknown ? staleAction : rule.action;
    // With no owner the approval clause says so; saying it twice reads as noise.
    const owner = dependent.ownerTeamSlug === null ? dependent.slug : `${dependent.slug} (owned by ${dependent.ownerTeamSlug})`;
    // The status vocabulary (domain/slo/slo-status-vocabulary.ts): only a breached SLO is "out of SLO"; a page alert with budget left is "at risk".
    const isBreached = isSloBreached(slo);
    if (!isUnknown && !isBreached) paging += 1;
    const state = isUnknown
      ? `${owner}: ${describeUnknownSlo(slo)}`
      : isBreached
        ? `${owner} is out of SLO: ${describeSloState(slo)}`
        : `${owner} is at risk: ${describeSloState(slo)}`;
    const what = `${state}; ${describeTraffic(dependent, service)}`;
    const baseFacts = {
      dependent: dependent.slug,
      ownerTeamSlug: dependent.ownerTeamSlug,
      depth: dependent.depth,
      via: dependent.via ?? [],
      trafficShare: dependent.trafficShare,
      requestRate: dependent.requestRate,
      ...sloFactsRecord(slo),
      ...(isUnknown ? { staleTelemetry: staleAction } : {}),
    };

    if (effect === "allow") {
      findings.push({
        effect: "allow",
        serviceSlug: dependent.slug,
        message: `${what}; allowed because the policy sets staleTelemetry: allow`,
        facts: baseFacts,
        approvalTeams: [],
        isNotable: true, situation: what,
      });
      continue;
    }
    if (effect === "deny") {
      const why = isUnknown ? "the policy denies deploys when telemetry is stale" : `${rule.name} denies deploys while a dependent is out of SLO`;
      findings.push({ effect: "deny", serviceSlug: dependent.slug, message: `${what}; ${why}`, facts: baseFacts, approvalTeams: [], isNotable: true, situation: what });
      continue;
    }

    const approvers = chooseApprovers([
      { teams: [dependent.ownerTeamSlug], source: "dependent_owner" },
      { teams: [policies.fallbackApprovalTeam], source: "fallback" },
      { teams: [facts.service.ownerTeamSlug], source: "service_owner" },
    ]);
    const factsWithApprovers = { ...baseFacts, approvalTeams: approvers.teams, approverSource: approvers.source };
    if (approvers.source === null) {
      findings.push({
        effect: "deny",
        serviceSlug: dependent.slug,
        message: `${what}; nobody can approve: neither ${dependent.slug} nor ${service} has an owner team and the policy sets no fallbackApprovalTeam`,
        facts: factsWithApprovers,
        approvalTeams: [],
        isNotable: true, situation: what,
      });
      continue;
    }
    const asked =
      approvers.source === "dependent_owner"
        ? `approval needed from ${formatList(approvers.teams)}`
        : approvers.source === "fallback"
          ? `${dependent.slug} has no owner team, so approval is needed from ${formatList(approvers.teams)} (fallbackApprovalTeam)`
          : `${dependent.slug} has no owner team, so approval is needed from the owners of ${service} (${formatList(approvers.teams)})`;
    findings.push({
      effect: "require_approval",
      serviceSlug: dependent.slug,
      message: `${what}; ${asked}`,
      facts: factsWithApprovers,
      approvalTeams: approvers.teams,
      isNotable: true, situation: what,
    });
  }

  const checked = dependents.length - beyondDepth.length;
  const parts = [`${checked} dependent${checked === 1 ? "" : "s"} within ${rule.depth} hop${rule.depth === 1 ? "" : "s"}`];
  if (ignored.length > 0) parts.push(`${ignored.length} quiet caller${ignored.length === 1 ? "" : "s"} ignored`);
  if (withoutSlo.length > 0) parts.push(`${withoutSlo.length} without SLO`);
  if (outOfSlo.length - paging > 0) parts.push(`${outOfSlo.length - paging} out of SLO`);
  if (paging > 0) parts.push(`${paging} at risk with a page alert firing`);
  if (unknown.length > 0) parts.push(`${unknown.length} without fresh telemetry`);
  if (outOfSlo.length === 0 && unknown.length === 0) parts.push("none out of SLO or paging");
  return {
    note: parts.join(", "),
    facts: {
      depth: rule.depth,
      minTrafficShare: rule.minTrafficShare,
      minRequestRate: rule.minRequestRate,
      staleTelemetry: staleAction,
      outOfSlo,
      staleOrNoData: unknown,
      withinSlo,
      withoutSlo,
      ignored,
      beyondDepth,
    },
    findings,
  };
}

/** A measured number below its threshold makes a caller quiet; an unknown one does not. */
function quietBecause(dependent: DependentFacts, rule: TDependentsOutOfSloRule): string | null {
  const reasons: string[] = [];
  if (dependent.trafficShare !== null && dependent.trafficShare < rule.minTrafficShare) {
    reasons.push(`sends ${formatPercent(dependent.trafficShare)} of the traffic, below ${formatPercent(rule.minTrafficShare)}`);
  }
  if (dependent.requestRate !== null && dependent.requestRate < rule.minRequestRate) {
    reasons.push(`sends ${formatRequestRate(dependent.requestRate)}, below ${formatRequestRate(rule.minRequestRate)}`);
  }
  return reasons.length === 0 ? null : reasons.join("; ");
}

function describeTraffic(dependent: DependentFacts, service: string): string {
  const share = dependent.trafficShare === null ? null : formatPercent(dependent.trafficShare);
  const rate = dependent.requestRate === null ? null : formatRequestRate(dependent.requestRate);
  const via = dependent.via ?? [];
  if (dependent.depth <= 1 && via.length === 0) {
    if (share !== null && rate !== null) return `it sends ${share} of the traffic to ${service} (${rate})`;
    if (share !== null) return `it sends ${share} of the traffic to ${service}`;
    if (rate !== null) return `it sends ${rate} to ${service}`;
    return `it calls ${service}, but that traffic is not measured`;
  }
  const path = via.length === 0 ? `${dependent.depth} hops away` : `through ${via.join(" → ")}`;
  if (share === null) return `it reaches ${service} ${path}; that traffic is not measured`;
  return `it reaches ${service} ${path} and accounts for about ${share} of its traffic${rate === null ? "" : ` (${rate})`}`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Out of SLO in the vocabulary's sense: breached, or a budget already spent. */
function isSloBreached(slo: { status: string; budgetRemaining: number | null }): boolean {
  return slo.status === "breached" || (slo.budgetRemaining !== null && slo.budgetRemaining <= 0);
}
