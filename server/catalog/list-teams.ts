import type { TTeamSummary } from "./catalog.schemas.ts";
import { findTeamSummaries } from "./catalog-read.repository.ts";

export function listTeams(organizationId: string): Promise<TTeamSummary[]> {
  return findTeamSummaries(organizationId);
}
