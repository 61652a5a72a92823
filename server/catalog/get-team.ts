import type { TTeamDetail } from "./catalog.schemas.ts";
import { SERVICE_PAGE_MAX_LIMIT } from "./catalog.schemas.ts";
import { findTeamDetail } from "./catalog-read.repository.ts";
import { listServicePage } from "./list-services.ts";

/**
 * A team with its services: the first SERVICE_PAGE_MAX_LIMIT by name, counted in SQL
 * (a team owning more shows `serviceCount` and links to /services?team=).
 */
export async function getTeam(organizationId: string, slug: string): Promise<TTeamDetail | null> {
  const team = await findTeamDetail(organizationId, slug);
  if (!team) return null;
  const page = await listServicePage(organizationId, { team: slug, sort: "name", order: "asc", limit: SERVICE_PAGE_MAX_LIMIT });
  return { ...team, services: page.services };
}
