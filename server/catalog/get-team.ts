import type { TTeamDetail } from "./catalog.schemas.ts";
import { findTeamDetail } from "./catalog-read.repository.ts";

export function getTeam(organizationId: string, slug: string): Promise<TTeamDetail | null> {
  return findTeamDetail(organizationId, slug);
}
