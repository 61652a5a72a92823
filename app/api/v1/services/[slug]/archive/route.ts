import { z } from "zod";
import { archiveStaleService, ZArchiveServiceInput } from "@/server/catalog/archive-stale-service.ts";
import { readJsonBody } from "@/server/http/with-api-body.ts";
import { json, withApi } from "@/server/http/with-api.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Archives a stale service with a reason: `{reason}`. The service's owners and admins; 409 when it is not stale. */
export const POST = withApi(z.object({}), async ({ organizationId, actor, request, params }) => {
  const input = await readJsonBody(request, ZArchiveServiceInput);
  return json(await archiveStaleService(organizationId, params.slug ?? "", input.reason, actor, new Date()));
});
