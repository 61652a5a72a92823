import { z } from "zod";
import { openServiceGraphExport } from "@/server/graph/export-service-graph.ts";
import { heavyReadAdmission, heavyReadsBusyProblem } from "@/server/http/heavy-read-admission.ts";
import { resolveRequestId } from "@/server/http/request-id.ts";
import { withApi } from "@/server/http/with-api.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The whole service graph, streamed as NDJSON (one JSON object per line: a header, every
 * service, every active edge). The explicit way to get all of it: GET /api/v1/graph is bounded.
 * Read and serialized in a worker thread (server/graph/graph-export-worker-client.ts).
 */
export const GET = withApi(z.object({}), async ({ organizationId, request }) => {
  // A heavy read (server/http/heavy-read-admission.ts): refused at once when too many wait, else admitted chunk by chunk.
  const admission = heavyReadAdmission();
  const slot = await admission.enter({ tenant: organizationId, lane: "export" });
  if (!slot) return heavyReadsBusyProblem(admission.retryAfterSeconds, resolveRequestId(request.headers));
  // A first read that fails throws here: withApi answers 500 application/problem+json.
  return new Response(await openServiceGraphExport(organizationId, slot, admission), {
    headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" },
  });
});
