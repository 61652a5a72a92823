import type { TTeamOption, TTeamSummary } from "./catalog.schemas.ts";
import { findTeamOptions, findTeamSummaries } from "./catalog-read.repository.ts";

export function listTeams(organizationId: string): Promise<TTeamSummary[]> {
  return findTeamSummaries(organizationId);
}

/** Slug and name of every team, for the team filters of /services and /deploys (no counts to compute). */
export function listTeamOptions(organizationId: string): Promise<TTeamOption[]> {
  return findTeamOptions(organizationId);
}
