import { incidentChangeEvents } from "@/domain/incidents/incident-change-events.ts";
import { normalizePostmortem } from "@/domain/incidents/postmortem-templates.ts";
import { badRequest } from "@/server/http/problem.ts";
import { announceLearning } from "@/server/notifications/announce-learning.ts";
import { incidentNotFound, requireIncident } from "./get-incident.ts";
import { eventSourceOf, type TReporter } from "./incident-reporter.ts";
import { ZPostmortemInput, type TIncidentDetail, type TPostmortemInput } from "./incidents.schemas.ts";
import { findIncidentRow } from "./incidents.repository.ts";
import { upsertPostmortem } from "./incidents-postmortem.repository.ts";

/**
 * Writes an incident's postmortem with any template; the learning (its first sentence)
 * is all that is required. Publishing lists it on /learnings and, the first time, puts
 * it in the affected services' history. Answers whether this save published it, so the
 * caller can announce it (Slack).
 */
export async function savePostmortem(
  organizationId: string,
  incidentId: string,
  rawInput: TPostmortemInput,
  author: TReporter,
  now: Date,
): Promise<{ incident: TIncidentDetail; firstPublished: boolean }> {
  const input = ZPostmortemInput.parse(rawInput);
  const normalized = normalizePostmortem({ template: input.template, learning: input.learning, sections: input.sections });
  if (!normalized.ok) throw badRequest(normalized.message, { errors: [{ field: normalized.field, message: normalized.message }] });
  const incident = await findIncidentRow(organizationId, incidentId);
  if (!incident) throw incidentNotFound(incidentId);
  const result = await upsertPostmortem(
    organizationId,
    incidentId,
    { template: normalized.template, learning: normalized.learning, sections: normalized.sections, author: author.name, publishAt: input.publish ? now : null },
    (serviceIds) => incidentChangeEvents(incident, serviceIds, { type: "learning_published", at: now, actor: author.name, learning: normalized.learning }),
    eventSourceOf(author),
  );
  if (!result) throw incidentNotFound(incidentId);
  // The learnings channel hears it once, from the web, the API and Slack alike (the demo seed stays quiet).
  if (result.firstPublished && eventSourceOf(author) !== "demo") await announceLearning(organizationId, incidentId);
  return { incident: await requireIncident(organizationId, incidentId, now), firstPublished: result.firstPublished };
}
