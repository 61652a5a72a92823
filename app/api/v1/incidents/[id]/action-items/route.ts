import { z } from "zod";
import { requireIncident } from "@/server/incidents/get-incident.ts";
import { ZActionItemInput } from "@/server/incidents/incidents.schemas.ts";
import { addActionItem } from "@/server/incidents/manage-action-items.ts";
import { readJsonBody } from "@/server/http/with-api-body.ts";
import { json, withApi } from "@/server/http/with-api.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi(z.object({}), async ({ organizationId, params }) => json({ actionItems: (await requireIncident(organizationId, params.id ?? "", new Date())).actionItems }));

export const POST = withApi(z.object({}), async ({ organizationId, params, request }) => {
  const input = await readJsonBody(request, ZActionItemInput);
  return json(await addActionItem(organizationId, params.id ?? "", input, new Date()), { status: 201 });
});
