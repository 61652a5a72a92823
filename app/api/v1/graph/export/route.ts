import { z } from "zod";
import { exportServiceGraphStream } from "@/server/graph/export-service-graph.ts";
import { withApi } from "@/server/http/with-api.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The whole service graph, streamed as NDJSON (one JSON object per line: a header, every
 * service, every active edge). The explicit way to get all of it: GET /api/v1/graph is bounded.
 */
export const GET = withApi(z.object({}), async ({ organizationId }) =>
  Promise.resolve(
    new Response(exportServiceGraphStream(organizationId), {
      headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" },
    }),
  ),
);
