import { listServiceEvents } from "@/server/history/list-service-events.ts";
import { ZServiceEventsQuery } from "@/server/history/history.schemas.ts";
import { notFound } from "@/server/http/problem.ts";
import { json, withApi } from "@/server/http/with-api.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A service's history, newest first: `?limit=50`, then `?before=<nextBefore>` for older pages. */
export const GET = withApi(ZServiceEventsQuery, async ({ organizationId, params, query }) => {
  const slug = params.slug ?? "";
  const page = await listServiceEvents(organizationId, slug, query);
  if (!page) throw notFound("Service", `No service "${slug}" in this organization. GET /api/v1/services lists them.`);
  return json(page);
});
