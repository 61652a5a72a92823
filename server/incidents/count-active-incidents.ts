import { countActiveIncidentsByServiceSlug } from "./incidents-insights.repository.ts";

/** Open or mitigated incidents per service slug: the graph marks those nodes. */
export function countActiveIncidents(organizationId: string): Promise<Map<string, number>> {
  return countActiveIncidentsByServiceSlug(organizationId);
}
