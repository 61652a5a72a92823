import { toIncidentSummary } from "./incident-dto.ts";
import type { TIncidentListQuery, TIncidentSummary } from "./incidents.schemas.ts";
import { findIncidentRows, findServicesBySlugs, findTeamBySlug } from "./incidents.repository.ts";

/** Incidents and near misses, newest first; filtered by kind, status, affected service or team. Drafts only when asked for. */
export async function listIncidents(organizationId: string, query: TIncidentListQuery): Promise<TIncidentSummary[]> {
  let serviceId: string | undefined;
  let teamId: string | undefined;
  if (query.service) {
    const [service] = await findServicesBySlugs(organizationId, [query.service]);
    if (!service) return [];
    serviceId = service.id;
  }
  if (query.team) {
    const team = await findTeamBySlug(organizationId, query.team);
    if (!team) return [];
    teamId = team.id;
  }
  const rows = await findIncidentRows(organizationId, { kind: query.kind, status: query.status, serviceId, teamId, filedOnly: true, limit: query.limit });
  return rows.map(toIncidentSummary);
}
