import { z } from "zod";
import { notFound } from "@/server/http/problem.ts";
import { json, withApi } from "@/server/http/with-api.ts";
import { getDeployRequestDetail } from "@/server/gate/get-deploy-request-detail.ts";
import { publicBaseUrl } from "@/server/http/public-base-url.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** What /deploys/{id} shows (decision, checks, facts, approvals with who may decide, timeline); its live refresh. */
export const GET = withApi(z.object({}), async ({ organizationId, params, request }) => {
  const id = params.id ?? "";
  const detail = await getDeployRequestDetail(organizationId, id, publicBaseUrl(request));
  if (!detail) throw notFound("Deploy request", `No deploy request "${id}" in this organization.`);
  return json(detail, { headers: { "cache-control": "no-store" } });
});
