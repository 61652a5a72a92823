import { z } from "zod";
import { keepStaleService, ZKeepServiceInput } from "@/server/catalog/keep-stale-service.ts";
import { readJsonBody } from "@/server/http/with-api-body.ts";
import { json, withApi } from "@/server/http/with-api.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Keeps a stale service (no workloads, no traffic) with a reason: `{reason}`. The service's owners and admins. */
export const POST = withApi(z.object({}), async ({ organizationId, actor, request, params }) => {
  const input = await readJsonBody(request, ZKeepServiceInput);
  return json(await keepStaleService(organizationId, params.slug ?? "", input.reason, actor, new Date()));
});
