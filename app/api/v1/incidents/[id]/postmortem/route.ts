import { z } from "zod";
import { reporterFromActor } from "@/server/incidents/incident-reporter.ts";
import { ZPostmortemInput } from "@/server/incidents/incidents.schemas.ts";
import { savePostmortem } from "@/server/incidents/save-postmortem.ts";
import { readJsonBody } from "@/server/http/with-api-body.ts";
import { json, withApi } from "@/server/http/with-api.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Write (or rewrite) the postmortem with any template; only the learning is required. Published by default. */
export const PUT = withApi(z.object({}), async ({ organizationId, actor, params, request }) => {
  const input = await readJsonBody(request, ZPostmortemInput);
  const { incident } = await savePostmortem(organizationId, params.id ?? "", input, reporterFromActor(actor, "api"), new Date());
  return json(incident);
});
