import { z } from "zod";
import { requireIncident } from "@/server/incidents/get-incident.ts";
import { reporterFromActor } from "@/server/incidents/incident-reporter.ts";
import { ZUpdateIncidentInput } from "@/server/incidents/incidents.schemas.ts";
import { updateIncident } from "@/server/incidents/update-incident.ts";
import { readJsonBody } from "@/server/http/with-api-body.ts";
import { json, withApi } from "@/server/http/with-api.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi(z.object({}), async ({ organizationId, params }) => json(await requireIncident(organizationId, params.id ?? "", new Date())));

/** Change any field, the status, or the affected services (addServices, removeServices). */
export const PATCH = withApi(z.object({}), async ({ organizationId, actor, params, request }) => {
  const input = await readJsonBody(request, ZUpdateIncidentInput);
  return json(await updateIncident(organizationId, params.id ?? "", input, reporterFromActor(actor, "api"), new Date()));
});
