import { z } from "zod";
import { addTimelineEntry } from "@/server/incidents/add-timeline-entry.ts";
import { requireIncident } from "@/server/incidents/get-incident.ts";
import { reporterFromActor } from "@/server/incidents/incident-reporter.ts";
import { ZTimelineEntryInput } from "@/server/incidents/incidents.schemas.ts";
import { readJsonBody } from "@/server/http/with-api-body.ts";
import { json, withApi } from "@/server/http/with-api.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi(z.object({}), async ({ organizationId, params }) => json({ timeline: (await requireIncident(organizationId, params.id ?? "", new Date())).timeline }));

/** Add a timeline line (now, or `at`), with an optional link to its source. */
export const POST = withApi(z.object({}), async ({ organizationId, actor, params, request }) => {
  const input = await readJsonBody(request, ZTimelineEntryInput);
  const incident = await addTimelineEntry(organizationId, params.id ?? "", input, reporterFromActor(actor, "api"), new Date());
  return json({ timeline: incident.timeline }, { status: 201 });
});
