import { chooseApprovers } from "./choose-approvers.ts";
import { formatList } from "./format-gate-text.ts";
import type { PolicySet, TOpenIncidentRule } from "./policy-schemas.ts";
import type { GateFacts, OpenIncidentFacts } from "./policy-types.ts";
import type { RuleFinding, RuleResult } from "./rule-finding.ts";

/**
 * Issue 20: a serious incident still going on (open or mitigated) on the deployed service,
 * or on a dependent within `depth` hops, makes a change to the service the incident
 * owner's call: their approval (require_approval), or a freeze until it is resolved (deny).
 *
 * One finding per incident. Approvers: the incident's owner team, else the owner of the
 * affected service nearest the deploy, else fallbackApprovalTeam; nobody → deny (a pending
 * request nobody may approve would only expire).
 */
export function evaluateOpenIncidentRule(rule: TOpenIncidentRule, facts: GateFacts, policies: PolicySet): RuleResult {
  const service = facts.service.slug;
  // Nearest first: the deployed service, then dependents by depth.
  const inScope = new Map<string, { depth: number; ownerTeamSlug: string | null }>([[service, { depth: 0, ownerTeamSlug: facts.service.ownerTeamSlug }]]);
  for (const dependent of [...facts.dependents].sort((a, b) => a.depth - b.depth || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0))) {
    if (dependent.depth <= rule.depth && !inScope.has(dependent.slug)) inScope.set(dependent.slug, { depth: dependent.depth, ownerTeamSlug: dependent.ownerTeamSlug });
  }
  const kinds: readonly string[] = rule.kinds;
  const watched = (facts.openIncidents ?? [])
    .filter((incident) => kinds.includes(incident.kind))
    .map((incident) => ({ incident, affected: incident.serviceSlugs.filter((slug) => inScope.has(slug)).sort((a, b) => (inScope.get(a)?.depth ?? 0) - (inScope.get(b)?.depth ?? 0)) }))
    .filter((entry) => entry.affected.length > 0)
    // Oldest first, then id: the same incidents give the same reasons in the same order.
    .sort((a, b) => (a.incident.startedAt < b.incident.startedAt ? -1 : a.incident.startedAt > b.incident.startedAt ? 1 : a.incident.id < b.incident.id ? -1 : 1));

  const scope = rule.depth === 0 ? service : `${service} or its dependents within ${rule.depth} hop${rule.depth === 1 ? "" : "s"}`;
  const ruleFacts = { kinds: rule.kinds, depth: rule.depth, checkedServices: [...inScope.keys()], openIncidents: watched.map(({ incident }) => incident.id) };
  if (watched.length === 0) {
    return { note: `no open ${formatList(rule.kinds)} incident on ${scope}`, facts: ruleFacts, findings: [] };
  }

  const findings: RuleFinding[] = watched.map(({ incident, affected }) => {
    const [nearest = service] = affected;
    const where = nearest === service ? service : `${nearest}, which calls ${service}`;
    const what = `${incident.kind} "${incident.title}" is ${incident.status === "mitigated" ? "mitigated but not resolved" : "open"} on ${where} (since ${incident.startedAt})`;
    const findingFacts = incidentFacts(incident, affected);
    if (rule.action === "deny") {
      return { effect: "deny", serviceSlug: nearest, message: `${what}; deploys are frozen until it is resolved`, facts: findingFacts, approvalTeams: [], isNotable: true };
    }
    const approvers = chooseApprovers([
      { teams: [incident.ownerTeamSlug], source: "configured" },
      { teams: [inScope.get(nearest)?.ownerTeamSlug ?? null], source: nearest === service ? "service_owner" : "dependent_owner" },
      { teams: [policies.fallbackApprovalTeam], source: "fallback" },
    ]);
    const withApprovers = { ...findingFacts, approvalTeams: approvers.teams, approverSource: approvers.source === "configured" ? "incident_owner" : approvers.source };
    if (approvers.source === null) {
      const message = `${what}; nobody can approve: the incident and ${nearest} have no owner team and the policy sets no fallbackApprovalTeam`;
      return { effect: "deny", serviceSlug: nearest, message, facts: withApprovers, approvalTeams: [], isNotable: true };
    }
    const who = approvers.source === "configured" ? `the incident's owners (${formatList(approvers.teams)})` : formatList(approvers.teams);
    return { effect: "require_approval", serviceSlug: nearest, message: `${what}; deploying needs approval from ${who}`, facts: withApprovers, approvalTeams: approvers.teams, isNotable: true };
  });
  const note = `${watched.length} open incident${watched.length === 1 ? "" : "s"} on ${formatList([...new Set(watched.flatMap(({ affected }) => affected))])}`;
  return { note, facts: ruleFacts, findings };
}

function incidentFacts(incident: OpenIncidentFacts, affected: readonly string[]): Record<string, unknown> {
  return { incidentId: incident.id, kind: incident.kind, status: incident.status, title: incident.title, incidentOwnerTeam: incident.ownerTeamSlug, affectedServices: affected, startedAt: incident.startedAt };
}
