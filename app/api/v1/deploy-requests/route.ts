import { z } from "zod";
import { readJsonBody } from "@/server/http/with-api-body.ts";
import { json, withApi } from "@/server/http/with-api.ts";
import { createDeployRequest } from "@/server/gate/create-deploy-request.ts";
import { ZDeployRequestInput, ZDeployRequestListQuery } from "@/server/gate/gate.schemas.ts";
import { readIdempotencyKey } from "@/server/gate/idempotency-key-header.ts";
import { listDeployRequests } from "@/server/gate/list-deploy-requests.ts";
import { publicBaseUrl } from "@/server/http/public-base-url.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** CI asks the gate. 201 with the decision; an Idempotency-Key replay answers 200 with the same request. */
export const POST = withApi(
  z.object({}),
  async ({ organizationId, actor, request }) => {
    const input = await readJsonBody(request, ZDeployRequestInput);
    const idempotencyKey = readIdempotencyKey(request);
    const result = await createDeployRequest(organizationId, input, { idempotencyKey, actor, baseUrl: publicBaseUrl(request) });
    const headers: Record<string, string> = { location: result.request.links.self };
    if (!result.created) headers["idempotent-replayed"] = "true";
    return json(result.request, { status: result.created ? 201 : 200, headers });
  },
  { auth: "token" },
);

/** /deploys' live refresh (session) and CI dashboards (token): newest first. `for=me` needs a signed-in person. */
export const GET = withApi(ZDeployRequestListQuery, async ({ organizationId, query, actor }) =>
  json({ deployRequests: await listDeployRequests(organizationId, query, new Date(), actor.kind === "user" ? actor.personId : null) }),
);
