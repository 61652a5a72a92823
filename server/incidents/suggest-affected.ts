import { suggestAffectedServices, type TAffectedSuggestion } from "@/domain/incidents/suggest-affected-services.ts";
import { findIncidentRow, findServicesByIds } from "./incidents.repository.ts";
import { findBurningServiceIds, findEdgesTouching } from "./incidents-insights.repository.ts";

export interface TAffectedSuggestionDto {
  slug: string;
  name: string;
  reason: TAffectedSuggestion["reason"];
}

/** Services the reporter may add: those out of SLO now, and callers of the affected ones. Null when there is no such incident. */
export async function suggestAffected(organizationId: string, incidentId: string, now: Date): Promise<TAffectedSuggestionDto[] | null> {
  const incident = await findIncidentRow(organizationId, incidentId);
  if (!incident) return null;
  const chosenIds = incident.services.map((link) => link.service.id);
  const [burningIds, edges] = await Promise.all([findBurningServiceIds(organizationId), findEdgesTouching(organizationId, chosenIds, now)]);
  const suggestions = suggestAffectedServices({ chosenIds, burningIds, edges });
  const services = new Map((await findServicesByIds(organizationId, suggestions.map((suggestion) => suggestion.serviceId))).map((service) => [service.id, service]));
  return suggestions.flatMap((suggestion) => {
    const service = services.get(suggestion.serviceId);
    return service ? [{ slug: service.slug, name: service.name, reason: suggestion.reason }] : [];
  });
}
