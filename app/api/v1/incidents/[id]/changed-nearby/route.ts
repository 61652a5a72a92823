import { getChangedNearby } from "@/server/incidents/get-changed-nearby.ts";
import { incidentNotFound } from "@/server/incidents/get-incident.ts";
import { ZChangedNearbyQuery } from "@/server/incidents/incidents.schemas.ts";
import { json, withApi } from "@/server/http/with-api.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Deploys, gate decisions, config and scale changes on the affected services and their direct neighbours in the hours before. */
export const GET = withApi(ZChangedNearbyQuery, async ({ organizationId, params, query }) => {
  const nearby = await getChangedNearby(organizationId, params.id ?? "", query.hours);
  if (!nearby) throw incidentNotFound(params.id ?? "");
  return json(nearby);
});
