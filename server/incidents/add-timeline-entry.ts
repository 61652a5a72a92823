import { incidentNotFound, requireIncident } from "./get-incident.ts";
import type { TReporter } from "./incident-reporter.ts";
import { ZTimelineEntryInput, type TIncidentDetail, type TTimelineEntryInput } from "./incidents.schemas.ts";
import { findIncidentRow, insertTimelineEntries } from "./incidents.repository.ts";

/** Adds a line to an incident's timeline (at a given time, or now), optionally linking to its source. */
export async function addTimelineEntry(
  organizationId: string,
  incidentId: string,
  rawInput: TTimelineEntryInput,
  author: TReporter,
  now: Date,
  options: { kind?: string; dedupeKey?: string | null } = {},
): Promise<TIncidentDetail> {
  const input = ZTimelineEntryInput.parse(rawInput);
  if (!(await findIncidentRow(organizationId, incidentId))) throw incidentNotFound(incidentId);
  await insertTimelineEntries(organizationId, incidentId, [
    {
      at: input.at ? new Date(input.at) : now,
      kind: options.kind ?? "note",
      text: input.text,
      author: author.name,
      sourceUrl: input.sourceUrl ?? null,
      sourceLabel: input.sourceLabel ?? null,
      dedupeKey: options.dedupeKey ?? null,
    },
  ]);
  return requireIncident(organizationId, incidentId, now);
}
