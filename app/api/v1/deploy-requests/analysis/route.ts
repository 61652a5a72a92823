import { readJsonBody } from "@/server/http/with-api-body.ts";
import { json, withApi } from "@/server/http/with-api.ts";
import { analyzeDeployRequest } from "@/server/gate/analyze-deploy-request.ts";
import { ZDeployRequestInput, ZDeployRequestWaitQuery } from "@/server/gate/gate.schemas.ts";
import { requireIdempotencyKey } from "@/server/gate/idempotency-key-header.ts";
import { publicBaseUrl } from "@/server/http/public-base-url.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * A deploy analysis for Argo Rollouts' `web` metric provider: the body of POST
 * /api/v1/deploy-requests, an Idempotency-Key per revision, ?wait=N (≤ 60) to long-poll while
 * pending; always 200 {decision, status, reasons, …} so `successCondition` decides.
 */
export const POST = withApi(
  ZDeployRequestWaitQuery,
  async ({ organizationId, actor, request, query }) => {
    const input = await readJsonBody(request, ZDeployRequestInput);
    const idempotencyKey = requireIdempotencyKey(request, "every measurement of one revision must read the same deploy request (e.g. argo-rollouts-<service>-<environment>-<pod-template-hash>)");
    const analysis = await analyzeDeployRequest(organizationId, input, { idempotencyKey, actor, baseUrl: publicBaseUrl(request), waitSeconds: query.wait, signal: request.signal });
    return json(analysis, { headers: { "cache-control": "no-store" } });
  },
  { auth: "token" },
);
