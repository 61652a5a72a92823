import { z } from "zod";
import { ZActionItemUpdate } from "@/server/incidents/incidents.schemas.ts";
import { setActionItemDoneState } from "@/server/incidents/manage-action-items.ts";
import { readJsonBody } from "@/server/http/with-api-body.ts";
import { json, withApi } from "@/server/http/with-api.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Mark an action item done (or not done again). */
export const PATCH = withApi(z.object({}), async ({ organizationId, params, request }) => {
  const input = await readJsonBody(request, ZActionItemUpdate);
  return json(await setActionItemDoneState(organizationId, params.id ?? "", params.itemId ?? "", input.done, new Date()));
});
