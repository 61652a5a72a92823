import { getPrisma } from "@/server/db/client.ts";
import { REQUEST_SELECT, type TDeployRequestRow } from "./gate.repository.ts";

// "Waiting for you": which teams a person may decide for, and the pending approvals of
// those teams. Every query is scoped by organizationId.

export interface TPersonTeamRow {
  teamId: string;
  teamSlug: string;
  teamName: string;
  role: "owner" | "member";
  /** The team names owners (plumbline.dev/owners): then only they decide for it. */
  teamHasOwners: boolean;
}

/** The person's team memberships, each with whether its team names owners (canDecideApproval needs both). */
export async function findPersonTeamRows(organizationId: string, personId: string): Promise<TPersonTeamRow[]> {
  const prisma = getPrisma();
  const memberships = await prisma.teamMembership.findMany({
    where: { organizationId, personId },
    select: { role: true, team: { select: { id: true, slug: true, name: true } } },
  });
  if (memberships.length === 0) return [];
  const owned = await prisma.teamMembership.groupBy({
    by: ["teamId"],
    where: { organizationId, role: "owner", teamId: { in: memberships.map((membership) => membership.team.id) } },
    _count: { _all: true },
  });
  const withOwners = new Set(owned.map((row) => row.teamId));
  return memberships.map((membership) => ({
    teamId: membership.team.id,
    teamSlug: membership.team.slug,
    teamName: membership.team.name,
    role: membership.role,
    teamHasOwners: withOwners.has(membership.team.id),
  }));
}

/** Pending approvals of these teams on requests still pending at `now` (not past their expiry). */
export async function countWaitingApprovals(organizationId: string, teamIds: readonly string[], now: Date): Promise<number> {
  if (teamIds.length === 0) return 0;
  return getPrisma().approval.count({
    where: {
      organizationId,
      status: "pending",
      teamId: { in: [...teamIds] },
      deployRequest: { organizationId, status: "pending", OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    },
  });
}

/** Pending requests (newest first) with a pending approval of one of these teams. */
export async function findWaitingRequestRows(organizationId: string, teamIds: readonly string[], now: Date, limit: number): Promise<TDeployRequestRow[]> {
  if (teamIds.length === 0) return [];
  return getPrisma().deployRequest.findMany({
    where: {
      organizationId,
      status: "pending",
      OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
      approvals: { some: { status: "pending", teamId: { in: [...teamIds] } } },
    },
    select: REQUEST_SELECT,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
  });
}
