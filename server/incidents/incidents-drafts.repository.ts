import { getPrisma } from "@/server/db/client.ts";

// What the near-miss sweep reads: recent deploy requests, approvals and SLO transitions
// in one organization (every query scoped by organizationId and bounded by `since`,
// through the (organizationId, …createdAt / occurredAt) indexes), and which draft keys
// exist already. findOrganizationIdsForDrafts is the sweep's one cross-tenant read.

// Each read takes the newest rows first up to its limit: the sweep runs every 15 s over a
// six-hour lookback, so older rows were in earlier sweeps' reads; the sweep reports a read
// that hit its limit (draft-near-misses.ts) rather than losing the newest rows silently.

/** A deploy as a draft names it; what the pure triggers need, without the stored decision. */
export interface TDraftDeployRow {
  id: string;
  environment: string;
  version: string;
  requestedBy: string | null;
  createdAt: Date;
  decidedAt: Date | null;
  service: { slug: string; ownerTeam: { slug: string } | null };
}

/** A break-glass deploy also carries its stored decision: whether the glass was used, which rules it overrode. */
export interface TDraftBreakGlassRow extends TDraftDeployRow {
  breakGlassReason: string | null;
  reasons: unknown;
  decisionFacts: unknown;
}

// No `reasons` or `decisionFacts` here: each request's stored decision is kilobytes of JSON
// (the neighbourhood's facts), and the approval and SLO-transition triggers do not read it.
const DEPLOY_SELECT = {
  id: true,
  environment: true,
  version: true,
  requestedBy: true,
  createdAt: true,
  decidedAt: true,
  service: { select: { slug: true, ownerTeam: { select: { slug: true } } } },
} as const;

export const DRAFT_READ_LIMITS = { breakGlass: 500, approvals: 500, transitions: 2000, deploys: 1000 } as const;

/** Every organization: the sweep visits each with bounded, scoped queries. */
export async function findOrganizationIdsForDrafts(): Promise<string[]> {
  return (await getPrisma().organization.findMany({ select: { id: true }, orderBy: { createdAt: "asc" } })).map((row) => row.id);
}

/** Requests that carried a break-glass reason since `since` (whether it was used is in their decision facts), newest first. */
export async function findBreakGlassDeploys(organizationId: string, since: Date): Promise<TDraftBreakGlassRow[]> {
  return getPrisma().deployRequest.findMany({
    where: { organizationId, createdAt: { gte: since }, breakGlassReason: { not: null } },
    select: { ...DEPLOY_SELECT, breakGlassReason: true, reasons: true, decisionFacts: true },
    orderBy: { createdAt: "desc" },
    take: DRAFT_READ_LIMITS.breakGlass,
  });
}

export interface TDraftApprovalRow {
  id: string;
  status: "pending" | "approved" | "rejected" | "expired" | "cancelled";
  reason: unknown;
  decidedAt: Date | null;
  team: { slug: string };
  decidedBy: { name: string } | null;
  deployRequest: TDraftDeployRow;
}

/** Approvals given since `since`, with their request, newest first. */
export async function findApprovalsGivenSince(organizationId: string, since: Date): Promise<TDraftApprovalRow[]> {
  return getPrisma().approval.findMany({
    where: { organizationId, status: "approved", decidedAt: { gte: since } },
    select: { id: true, status: true, reason: true, decidedAt: true, team: { select: { slug: true } }, decidedBy: { select: { name: true } }, deployRequest: { select: DEPLOY_SELECT } },
    orderBy: { decidedAt: "desc" },
    take: DRAFT_READ_LIMITS.approvals,
  });
}

/**
 * Requests of these services let through (approved or reported deployed) since `since`,
 * newest first: the deploys an SLO transition of theirs may follow. Only the services
 * with a worsening transition are asked for, through (organizationId, serviceId,
 * createdAt): the organization's whole deploy history of six hours is not read every 15 s.
 */
export async function findDeploysLetThroughSince(organizationId: string, serviceIds: readonly string[], since: Date): Promise<TDraftDeployRow[]> {
  if (serviceIds.length === 0) return [];
  return getPrisma().deployRequest.findMany({
    where: { organizationId, serviceId: { in: [...serviceIds] }, status: { in: ["approved", "deployed"] }, createdAt: { gte: since } },
    select: DEPLOY_SELECT,
    orderBy: { createdAt: "desc" },
    take: DRAFT_READ_LIMITS.deploys,
  });
}

/** When CI said each request's deploy succeeded (deploy_succeeded in the history), when it did. */
export async function findDeploySucceededTimes(organizationId: string, deployRequestIds: readonly string[]): Promise<Map<string, Date>> {
  if (deployRequestIds.length === 0) return new Map();
  const rows = await getPrisma().changeEvent.findMany({
    where: { organizationId, type: "deploy_succeeded", deployRequestId: { in: [...deployRequestIds] } },
    select: { deployRequestId: true, occurredAt: true },
  });
  const times = new Map<string, Date>();
  for (const row of rows) if (row.deployRequestId !== null && !times.has(row.deployRequestId)) times.set(row.deployRequestId, row.occurredAt);
  return times;
}

export interface TSloTransitionRow {
  id: string;
  occurredAt: Date;
  details: unknown;
  serviceId: string | null;
  service: { slug: string } | null;
}

/** SLO status transitions (the SLO worker's slo_status_changed events) since `since`, newest first. */
export async function findSloTransitionsSince(organizationId: string, since: Date): Promise<TSloTransitionRow[]> {
  return getPrisma().changeEvent.findMany({
    where: { organizationId, type: "slo_status_changed", occurredAt: { gte: since } },
    select: { id: true, occurredAt: true, details: true, serviceId: true, service: { select: { slug: true } } },
    orderBy: { occurredAt: "desc" },
    take: DRAFT_READ_LIMITS.transitions,
  });
}

/** Which of these draft keys already have an incident (a draft, a filed one or a dismissed one). */
export async function findExistingDedupeKeys(organizationId: string, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await getPrisma().incident.findMany({ where: { organizationId, dedupeKey: { in: [...keys] } }, select: { dedupeKey: true } });
  return new Set(rows.flatMap((row) => (row.dedupeKey === null ? [] : [row.dedupeKey])));
}

/** The teams a person is a member of (any role): whose drafts they see and may triage. */
export async function findPersonTeamIds(organizationId: string, personId: string): Promise<Set<string>> {
  const rows = await getPrisma().teamMembership.findMany({ where: { organizationId, personId }, select: { teamId: true } });
  return new Set(rows.map((row) => row.teamId));
}

export interface TDraftRow {
  id: string;
  title: string;
  description: string | null;
  startedAt: Date;
  draftTrigger: unknown;
  ownerTeam: { id: string; slug: string; name: string } | null;
  services: { service: { slug: string; name: string } }[];
}

/** Open drafts (newest first) for these teams, plus those with no owner team. */
export async function findDraftsForTeams(organizationId: string, teamIds: readonly string[] | "all", limit: number): Promise<TDraftRow[]> {
  return getPrisma().incident.findMany({
    where: { organizationId, status: "draft", ...(teamIds === "all" ? {} : { OR: [{ ownerTeamId: { in: [...teamIds] } }, { ownerTeamId: null }] }) },
    select: {
      id: true,
      title: true,
      description: true,
      startedAt: true,
      draftTrigger: true,
      ownerTeam: { select: { id: true, slug: true, name: true } },
      services: { select: { service: { select: { slug: true, name: true } } }, orderBy: { createdAt: "asc" } },
    },
    orderBy: [{ startedAt: "desc" }, { id: "asc" }],
    take: limit,
  });
}

/** One draft's owner, to check who may triage it; null when this organization has no such draft. */
export async function findDraftOwner(organizationId: string, id: string): Promise<{ id: string; kind: "SEV1" | "SEV2" | "SEV3" | "near_miss"; ownerTeamId: string | null } | null> {
  return getPrisma().incident.findFirst({ where: { organizationId, id, status: "draft" }, select: { id: true, kind: true, ownerTeamId: true } });
}
