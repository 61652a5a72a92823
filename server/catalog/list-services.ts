import type { TServiceListQuery, TServiceSummary } from "./catalog.schemas.ts";
import { findServiceSummaries } from "./catalog-read.repository.ts";
import { sortServices } from "./sort-services.ts";

export async function listServices(organizationId: string, query: TServiceListQuery): Promise<TServiceSummary[]> {
  const rows = await findServiceSummaries(organizationId, { q: query.q, teamSlug: query.team, tier: query.tier });
  return sortServices(rows, query.sort, query.order);
}
