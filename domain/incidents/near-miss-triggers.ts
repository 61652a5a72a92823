/**
 * Plumbline's own near-miss reports (issue 20): moments when a change went through although
 * something said "careful", proposed as drafts for the owner team to file or dismiss in one
 * click. Three triggers:
 *
 * - `break_glass`: a deploy approved by break-glass, overriding a rule;
 * - `approval_while_breached`: a team approved a deploy that a dependent's breached SLO had
 *   made them decide on;
 * - `slo_transition_after_deploy`: the deployed service's SLO got worse (to at risk or
 *   breached) within 30 minutes after the deploy.
 *
 * Each plan carries the dedupe key that makes its draft idempotent: one per trigger and
 * subject, however often the sweep sees it, and a dismissed draft is never proposed again.
 */

export const NEAR_MISS_TRIGGERS = ["break_glass", "approval_while_breached", "slo_transition_after_deploy"] as const;
export type TNearMissTrigger = (typeof NEAR_MISS_TRIGGERS)[number];

export const NEAR_MISS_TRIGGER_LABELS: Record<TNearMissTrigger, string> = {
  break_glass: "Break-glass deploy",
  approval_while_breached: "Approved while a dependent was breached",
  slo_transition_after_deploy: "SLO got worse after a deploy",
};

/** How long after a deploy an SLO transition is blamed on it, as a question. */
export const SLO_TRANSITION_WINDOW_MS = 30 * 60_000;

export type TSloStatusWord = "healthy" | "at_risk" | "breached" | "no_data";

export interface TDraftPlan {
  trigger: TNearMissTrigger;
  dedupeKey: string;
  /** The one sentence, phrased as what almost went wrong; the owner edits it when filing. */
  title: string;
  description: string;
  /** Affected services by slug, the deployed one first. */
  services: string[];
  /** The team the draft is for (its owner); null = the first service's owner. */
  ownerTeam: string | null;
  /** When it happened: the draft's start time. */
  at: Date;
  /** Kept on the incident (Incident.draftTrigger) so the page can say why it was drafted. */
  facts: Record<string, unknown> & { trigger: TNearMissTrigger; deployRequestId: string };
}

export interface TDeployFact {
  deployRequestId: string;
  service: string;
  ownerTeam: string | null;
  environment: string;
  version: string;
  requestedBy: string | null;
}

export function draftKey(trigger: TNearMissTrigger, subjectId: string): string {
  return `draft:${trigger}:${subjectId}`;
}

/** A break-glass deploy: always a draft (the rules said no, or not yet, and someone overrode them). */
export function breakGlassDraft(deploy: TDeployFact & { reason: string; overriddenRules: readonly string[]; at: Date }): TDraftPlan {
  const overridden = deploy.overriddenRules.length > 0 ? ` overriding ${deploy.overriddenRules.join(", ")}` : "";
  return {
    trigger: "break_glass",
    dedupeKey: draftKey("break_glass", deploy.deployRequestId),
    title: `${deploy.service} ${deploy.version} went to ${deploy.environment} by break-glass${overridden}`,
    description: `${deploy.requestedBy ?? "Someone"} broke the glass: "${deploy.reason}". Was anything close to going wrong? File it to keep the lesson, or dismiss it.`,
    services: [deploy.service],
    ownerTeam: deploy.ownerTeam,
    at: deploy.at,
    facts: { trigger: "break_glass", deployRequestId: deploy.deployRequestId, reason: deploy.reason, overriddenRules: [...deploy.overriddenRules] },
  };
}

export interface TApprovalFact {
  approvalId: string;
  status: "approved" | "rejected" | "pending" | "expired" | "cancelled";
  team: string;
  decidedBy: string | null;
  decidedAt: Date | null;
  /** Why the team was asked, as stored with the approval: each cause's service and SLO status. */
  because: readonly { type: string; serviceSlug: string; status: string | null }[];
}

/**
 * An approval given although a service it was asked about was breached: the team knowingly
 * let a change land next to a breach. Only an approval counts (a rejection is the gate working),
 * and only a breach (at risk is a warning).
 */
export function approvalWhileBreachedDraft(deploy: TDeployFact, approval: TApprovalFact): TDraftPlan | null {
  if (approval.status !== "approved" || approval.decidedAt === null) return null;
  const breached = [...new Set(approval.because.filter((cause) => cause.status === "breached" && cause.serviceSlug !== deploy.service).map((cause) => cause.serviceSlug))];
  if (breached.length === 0) return null;
  const who = approval.decidedBy ?? `team ${approval.team}`;
  return {
    trigger: "approval_while_breached",
    dedupeKey: draftKey("approval_while_breached", approval.approvalId),
    title: `${who} approved ${deploy.service} ${deploy.version} to ${deploy.environment} while ${breached.join(", ")} ${breached.length === 1 ? "was" : "were"} breached`,
    description: `The deploy went ahead while ${breached.join(", ")} ${breached.length === 1 ? "was" : "were"} out of SLO. Did it make things worse, or nearly? File it to keep the lesson, or dismiss it.`,
    services: [deploy.service, ...breached],
    ownerTeam: approval.team,
    at: approval.decidedAt,
    facts: { trigger: "approval_while_breached", deployRequestId: deploy.deployRequestId, approvalId: approval.approvalId, team: approval.team, breachedServices: breached },
  };
}

export interface TSloTransitionFact {
  /** The change event's id: one transition, one identity. */
  id: string;
  service: string;
  sloName: string;
  from: TSloStatusWord;
  to: TSloStatusWord;
  at: Date;
}

const SEVERITY: Record<TSloStatusWord, number> = { no_data: 0, healthy: 0, at_risk: 1, breached: 2 };

/** Worse, and worse in a way that matters: into at risk or breached from something better. */
export function isWorseningTransition(transition: Pick<TSloTransitionFact, "from" | "to">): boolean {
  return (transition.to === "at_risk" || transition.to === "breached") && SEVERITY[transition.to] > SEVERITY[transition.from];
}

/**
 * Deploys followed, within 30 minutes, by their service's SLO getting worse. One draft per
 * deploy (its first worsening transition), so a flapping SLO does not make several; a
 * transition at the very moment of the deploy counts, one before it does not.
 */
export function sloTransitionAfterDeployDrafts(deploys: readonly (TDeployFact & { deployedAt: Date })[], transitions: readonly TSloTransitionFact[]): TDraftPlan[] {
  const worsening = transitions.filter(isWorseningTransition).sort((a, b) => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : 1));
  const plans: TDraftPlan[] = [];
  for (const deploy of deploys) {
    const start = deploy.deployedAt.getTime();
    const first = worsening.find((transition) => transition.service === deploy.service && transition.at.getTime() >= start && transition.at.getTime() - start <= SLO_TRANSITION_WINDOW_MS);
    if (!first) continue;
    const minutes = Math.round((first.at.getTime() - start) / 60_000);
    const words = { at_risk: "at risk", breached: "breached", healthy: "healthy", no_data: "no data" };
    plans.push({
      trigger: "slo_transition_after_deploy",
      dedupeKey: draftKey("slo_transition_after_deploy", deploy.deployRequestId),
      title: `${deploy.service}: SLO ${first.sloName} went ${words[first.from]} → ${words[first.to]} ${minutes} min after ${deploy.version} reached ${deploy.environment}`,
      description: `The deploy may or may not be the cause. If it was, what would have caught it sooner? File it to keep the lesson, or dismiss it.`,
      services: [deploy.service],
      ownerTeam: deploy.ownerTeam,
      at: first.at,
      facts: { trigger: "slo_transition_after_deploy", deployRequestId: deploy.deployRequestId, transitionId: first.id, sloName: first.sloName, from: first.from, to: first.to, minutesAfterDeploy: minutes },
    });
  }
  return plans;
}
