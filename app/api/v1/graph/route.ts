import { getServiceGraph } from "@/server/graph/get-service-graph.ts";
import { ZServiceGraphQuery } from "@/server/graph/graph.schemas.ts";
import { notFound } from "@/server/http/problem.ts";
import { json, withApi } from "@/server/http/with-api.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The service graph, laid out: `?focus=<slug>&depth=1..3` for a service's neighbourhood. */
export const GET = withApi(ZServiceGraphQuery, async ({ organizationId, query }) => {
  const graph = await getServiceGraph(organizationId, query);
  if (!graph) throw notFound("Service", `No service "${query.focus}" in this organization. GET /api/v1/services lists them.`);
  return json(graph);
});
