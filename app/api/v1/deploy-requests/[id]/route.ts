import { json, withApi } from "@/server/http/with-api.ts";
import { ZDeployRequestWaitQuery } from "@/server/gate/gate.schemas.ts";
import { publicBaseUrl } from "@/server/http/public-base-url.ts";
import { waitForDeployRequest } from "@/server/gate/wait-for-deploy-request.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** One deploy request; ?wait=N (≤ 60) long-polls while it is pending. */
export const GET = withApi(ZDeployRequestWaitQuery, async ({ organizationId, params, query, request }) => {
  const deployRequest = await waitForDeployRequest(organizationId, params.id ?? "", {
    waitSeconds: query.wait,
    baseUrl: publicBaseUrl(request),
    signal: request.signal,
  });
  return json(deployRequest, { headers: { "cache-control": "no-store" } });
});
