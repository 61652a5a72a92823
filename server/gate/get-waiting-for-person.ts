import { canDecideApproval } from "@/server/identity/can-decide-approval.ts";
import type { TDeployRequestSummary } from "./gate.schemas.ts";
import { countWaitingApprovals, findPersonTeamRows, findWaitingRequestRows } from "./gate-waiting.repository.ts";
import { toDeployRequestSummary } from "./to-deploy-request-dto.ts";

export interface TDecidableTeam {
  id: string;
  slug: string;
  name: string;
}

/** One pending request and the teams the person may decide for on it. */
export interface TWaitingItem {
  request: TDeployRequestSummary;
  teams: { slug: string; name: string }[];
}

export interface TWaitingForPerson {
  /** Pending approvals the person may decide (one per team asked, so two teams they own on one request count twice). */
  count: number;
  items: TWaitingItem[];
}

/**
 * The teams `personId` may decide approvals for: the same rule as deciding itself
 * (canDecideApproval, server/identity/), applied to each of their memberships, so the badge
 * never counts an approval the person would then be refused.
 */
export async function findDecidableTeams(organizationId: string, personId: string): Promise<TDecidableTeam[]> {
  const rows = await findPersonTeamRows(organizationId, personId);
  return rows
    .filter(
      (row) =>
        canDecideApproval({ id: personId, name: "", membership: { role: row.role } }, { teamSlug: row.teamSlug, teamName: row.teamName, teamHasOwners: row.teamHasOwners })
          .allowed,
    )
    .map((row) => ({ id: row.teamId, slug: row.teamSlug, name: row.teamName }));
}

/** The navigation badge: how many pending approvals this person may decide right now. */
export async function countWaitingForPerson(organizationId: string, personId: string, now: Date = new Date()): Promise<number> {
  const teams = await findDecidableTeams(organizationId, personId);
  return countWaitingApprovals(
    organizationId,
    teams.map((team) => team.id),
    now,
  );
}

/**
 * "Waiting for you" (home page, team page, /deploys?for=me): pending requests with an
 * approval this person may decide, newest first. `teamSlug` narrows it to one team (the
 * team page).
 */
export async function getWaitingForPerson(
  organizationId: string,
  personId: string,
  options: { now?: Date; teamSlug?: string; limit?: number } = {},
): Promise<TWaitingForPerson> {
  const now = options.now ?? new Date();
  const decidable = await findDecidableTeams(organizationId, personId);
  const teams = options.teamSlug === undefined ? decidable : decidable.filter((team) => team.slug === options.teamSlug);
  const teamIds = teams.map((team) => team.id);
  const [count, rows] = await Promise.all([countWaitingApprovals(organizationId, teamIds, now), findWaitingRequestRows(organizationId, teamIds, now, options.limit ?? 50)]);
  const ids = new Set(teamIds);
  return {
    count,
    items: rows.map((row) => ({
      request: toDeployRequestSummary(row, now),
      teams: row.approvals.filter((approval) => approval.status === "pending" && ids.has(approval.team.id)).map((approval) => ({ slug: approval.team.slug, name: approval.team.name })),
    })),
  };
}
