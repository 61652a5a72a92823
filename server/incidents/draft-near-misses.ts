import type { Logger } from "pino";
import {
  approvalWhileBreachedDraft,
  breakGlassDraft,
  isWorseningTransition,
  SLO_TRANSITION_WINDOW_MS,
  sloTransitionAfterDeployDrafts,
  type TDeployFact,
  type TDraftPlan,
  type TSloStatusWord,
  type TSloTransitionFact,
} from "@/domain/incidents/near-miss-triggers.ts";
import { readApprovalCauses, readDecisionFacts, readReasons } from "@/server/gate/stored-decision.ts";
import type { TReporter } from "./incident-reporter.ts";
import {
  DRAFT_READ_LIMITS,
  findApprovalsGivenSince,
  findBreakGlassDeploys,
  findDeploysLetThroughSince,
  findDeploySucceededTimes,
  findExistingDedupeKeys,
  findOrganizationIdsForDrafts,
  findSloTransitionsSince,
  type TDraftDeployRow,
  type TSloTransitionRow,
} from "./incidents-drafts.repository.ts";
import { reportIncident } from "./report-incident.ts";

/** How far back each sweep looks: long enough to cover a worker that was down for a while; drafts are idempotent, so overlap costs nothing. */
export const DRAFT_LOOKBACK_MS = 6 * 60 * 60_000;

const PLUMBLINE: TReporter = { via: "system", name: "Plumbline", personId: null };
const SLO_WORDS = new Set<TSloStatusWord>(["healthy", "at_risk", "breached", "no_data"]);

export interface TNearMissSweep {
  drafted: number;
  proposed: number;
  /** Reads that hit their limit (DRAFT_READ_LIMITS): their oldest rows in the lookback were left to earlier sweeps. */
  limited: (keyof typeof DRAFT_READ_LIMITS)[];
}

/**
 * The near-miss sweep for one organization at `now`: reads recent break-glass deploys,
 * approvals and SLO transitions, asks the pure triggers (domain/incidents/near-miss-triggers.ts)
 * which deserve a draft, and files each new one through reportIncident — the same operation as
 * every other report — with status `draft` and its dedupe key, so a second sweep (or a second
 * worker) adds nothing and a dismissed draft stays dismissed.
 *
 * Deploys are read only for the services whose SLO got worse in the lookback: a transition
 * can only follow a deploy of its own service. Reading every deploy let through in six hours,
 * each with its stored decision, cost 190 ms every 15 s on the embedded database once the
 * organization had 2,500 decisions (bench/history-growth.bench.ts).
 */
export async function draftNearMisses(organizationId: string, now: Date): Promise<TNearMissSweep> {
  const since = new Date(now.getTime() - DRAFT_LOOKBACK_MS);
  const [breakGlass, approvals, transitionRows] = await Promise.all([
    findBreakGlassDeploys(organizationId, since),
    findApprovalsGivenSince(organizationId, since),
    findSloTransitionsSince(organizationId, since),
  ]);
  const transitions = transitionRows.flatMap(transitionFact);
  const worsenedServiceIds = [
    ...new Set(transitionRows.filter((row) => transitionFact(row).some(isWorseningTransition)).flatMap((row) => (row.serviceId === null ? [] : [row.serviceId]))),
  ];
  // A deploy just before the window can still be followed by a transition inside it.
  const letThrough = await findDeploysLetThroughSince(organizationId, worsenedServiceIds, new Date(since.getTime() - SLO_TRANSITION_WINDOW_MS));

  const plans: TDraftPlan[] = [];
  for (const row of breakGlass) {
    const decision = readDecisionFacts(row.decisionFacts);
    if (!decision.breakGlass || row.breakGlassReason === null) continue;
    plans.push(breakGlassDraft({ ...deployFact(row), reason: row.breakGlassReason, overriddenRules: overriddenRules(row.reasons), at: row.decidedAt ?? row.createdAt }));
  }
  for (const approval of approvals) {
    const because = readApprovalCauses(approval.reason).map((cause) => ({ type: typeof cause.type === "string" ? cause.type : "", serviceSlug: cause.serviceSlug, status: statusOf(cause.facts) }));
    const plan = approvalWhileBreachedDraft(deployFact(approval.deployRequest), { approvalId: approval.id, status: approval.status, team: approval.team.slug, decidedBy: approval.decidedBy?.name ?? null, decidedAt: approval.decidedAt, because });
    if (plan) plans.push(plan);
  }
  if (letThrough.length > 0) {
    const succeeded = await findDeploySucceededTimes(organizationId, letThrough.map((row) => row.id));
    const deploys = letThrough.map((row) => ({ ...deployFact(row), deployedAt: succeeded.get(row.id) ?? row.decidedAt ?? row.createdAt }));
    plans.push(...sloTransitionAfterDeployDrafts(deploys, transitions));
  }

  const existing = await findExistingDedupeKeys(organizationId, plans.map((plan) => plan.dedupeKey));
  let drafted = 0;
  for (const plan of plans.filter((candidate) => !existing.has(candidate.dedupeKey))) {
    const { created } = await reportIncident(
      organizationId,
      { title: plan.title, kind: "near_miss", description: plan.description, services: plan.services, ...(plan.ownerTeam ? { ownerTeam: plan.ownerTeam } : {}), startedAt: plan.at.toISOString() },
      PLUMBLINE,
      { now, status: "draft", dedupeKey: plan.dedupeKey, draftTrigger: plan.facts, unknownServices: "note" },
    );
    if (created) drafted += 1;
  }
  const counts = { breakGlass: breakGlass.length, approvals: approvals.length, transitions: transitionRows.length, deploys: letThrough.length };
  const limited = (Object.keys(DRAFT_READ_LIMITS) as (keyof typeof DRAFT_READ_LIMITS)[]).filter((read) => counts[read] >= DRAFT_READ_LIMITS[read]);
  return { drafted, proposed: plans.length, limited };
}

/** The worker's cycle: every organization; one that fails is logged and the others still run. */
export async function draftNearMissesEverywhere(now: Date, log?: Logger): Promise<number> {
  let drafted = 0;
  for (const organizationId of await findOrganizationIdsForDrafts()) {
    try {
      const sweep = await draftNearMisses(organizationId, now);
      drafted += sweep.drafted;
      if (sweep.limited.length > 0) {
        log?.warn(
          { organizationId, limited: sweep.limited, limits: DRAFT_READ_LIMITS },
          "near-miss sweep: more rows in the lookback than one sweep reads; it read the newest and left older ones to earlier sweeps",
        );
      }
    } catch (error) {
      log?.error({ err: error, organizationId }, "near-miss drafts failed for an organization; the others continue");
    }
  }
  return drafted;
}

function deployFact(row: TDraftDeployRow): TDeployFact {
  return { deployRequestId: row.id, service: row.service.slug, ownerTeam: row.service.ownerTeam?.slug ?? null, environment: row.environment, version: row.version, requestedBy: row.requestedBy };
}

/** The rules a break-glass deploy overrode, from its stored break_glass reason. */
function overriddenRules(reasons: unknown): string[] {
  const glass = readReasons(reasons).find((reason) => reason.type === "break_glass" && reason.effect === "allow" && isRecord(reason.facts) && Array.isArray(reason.facts.overridden));
  const overridden = isRecord(glass?.facts) && Array.isArray(glass.facts.overridden) ? glass.facts.overridden : [];
  return [...new Set(overridden.flatMap((entry: unknown) => (isRecord(entry) && typeof entry.rule === "string" ? [entry.rule] : [])))];
}

function statusOf(facts: unknown): string | null {
  return isRecord(facts) && typeof facts.status === "string" ? facts.status : null;
}

function transitionFact(row: TSloTransitionRow): TSloTransitionFact[] {
  const details = isRecord(row.details) ? row.details : {};
  const from = details.from;
  const to = details.to;
  if (row.service === null || !isSloWord(from) || !isSloWord(to)) return [];
  return [{ id: row.id, service: row.service.slug, sloName: typeof details.sloName === "string" ? details.sloName : "SLO", from, to, at: row.occurredAt }];
}

function isSloWord(value: unknown): value is TSloStatusWord {
  return typeof value === "string" && SLO_WORDS.has(value as TSloStatusWord);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
