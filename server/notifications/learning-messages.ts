import { INCIDENT_KIND_LABELS } from "@/domain/incidents/incident-kinds.ts";
import type { TSlackMessage } from "@/domain/notifications/block-kit.ts";
import { buildLearningMessage } from "@/domain/notifications/learning-message.ts";
import { getIncident } from "@/server/incidents/get-incident.ts";

/** The learnings channel's message, from the incident as it is now; null when it or its published learning is gone. */
export async function learningMessageFor(organizationId: string, incidentId: string, baseUrl: string, now: Date): Promise<TSlackMessage | null> {
  const incident = await getIncident(organizationId, incidentId, now);
  if (!incident?.postmortem?.publishedAt) return null;
  return buildLearningMessage({
    baseUrl,
    learning: {
      incidentId: incident.id,
      kindLabel: INCIDENT_KIND_LABELS[incident.kind],
      title: incident.title,
      learning: incident.postmortem.learning,
      author: incident.postmortem.author,
      ownerTeamName: incident.ownerTeam?.name ?? null,
      services: incident.services.map((service) => ({ slug: service.slug, name: service.name })),
    },
  });
}
