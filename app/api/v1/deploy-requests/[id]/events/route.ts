import { z } from "zod";
import { readJsonBody } from "@/server/http/with-api-body.ts";
import { json, withApi } from "@/server/http/with-api.ts";
import { ZDeployEventInput } from "@/server/gate/gate.schemas.ts";
import { reportDeployEvent } from "@/server/gate/report-deploy-event.ts";
import { publicBaseUrl } from "@/server/http/public-base-url.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** CI reports the outcome: {type: started|succeeded|failed}. */
export const POST = withApi(
  z.object({}),
  async ({ organizationId, actor, params, request }) => {
    const input = await readJsonBody(request, ZDeployEventInput);
    return json(await reportDeployEvent(organizationId, params.id ?? "", input, { actor, baseUrl: publicBaseUrl(request) }));
  },
  { auth: "token" },
);
