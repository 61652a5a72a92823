import { z } from "zod";
import { readIdempotencyKey } from "@/server/gate/idempotency-key-header.ts";
import { reporterFromActor } from "@/server/incidents/incident-reporter.ts";
import { ZIncidentListQuery, ZReportIncidentInput } from "@/server/incidents/incidents.schemas.ts";
import { listIncidents } from "@/server/incidents/list-incidents.ts";
import { reportIncident } from "@/server/incidents/report-incident.ts";
import { readJsonBody } from "@/server/http/with-api-body.ts";
import { json, withApi } from "@/server/http/with-api.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Report an incident or near miss (alerting tools, scripts): one sentence required. 201; an Idempotency-Key replay answers 200. */
export const POST = withApi(z.object({}), async ({ organizationId, actor, request }) => {
  const input = await readJsonBody(request, ZReportIncidentInput);
  const key = readIdempotencyKey(request);
  const { incident, created } = await reportIncident(organizationId, input, reporterFromActor(actor, "api"), { now: new Date(), dedupeKey: key === null ? null : `api:${key}` });
  const headers: Record<string, string> = { location: `/api/v1/incidents/${incident.id}` };
  if (!created) headers["idempotent-replayed"] = "true";
  return json(incident, { status: created ? 201 : 200, headers });
});

/** Incidents and near misses, newest first (drafts are not listed). */
export const GET = withApi(ZIncidentListQuery, async ({ organizationId, query }) => json({ incidents: await listIncidents(organizationId, query) }));
