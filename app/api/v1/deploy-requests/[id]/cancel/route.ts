import { z } from "zod";
import { readJsonBody } from "@/server/http/with-api-body.ts";
import { json, withApi } from "@/server/http/with-api.ts";
import { cancelDeployRequest } from "@/server/gate/cancel-deploy-request.ts";
import { ZCancelInput } from "@/server/gate/gate.schemas.ts";
import { publicBaseUrl } from "@/server/http/public-base-url.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** CI withdraws a pending or approved request. The body ({reason?}) is optional. */
export const POST = withApi(
  z.object({}),
  async ({ organizationId, actor, params, request }) => {
    const hasBody = (request.headers.get("content-length") ?? "0") !== "0" || request.headers.has("transfer-encoding");
    const input = hasBody ? await readJsonBody(request, ZCancelInput) : {};
    return json(await cancelDeployRequest(organizationId, params.id ?? "", input, { actor, baseUrl: publicBaseUrl(request) }));
  },
  { auth: "token" },
);
