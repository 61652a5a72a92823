import { z } from "zod";
import { notFound } from "@/server/http/problem.ts";
import { readJsonBody } from "@/server/http/with-api-body.ts";
import { json, withApi } from "@/server/http/with-api.ts";
import { listServiceSlos } from "@/server/slo/get-service-slos.ts";
import { saveUiSlo } from "@/server/slo/save-ui-slo.ts";
import { ZSloInput } from "@/server/slo/slo.schemas.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The service's SLOs with their last evaluation. */
export const GET = withApi(z.object({}), async ({ organizationId, params }) => {
  const slug = params.slug ?? "";
  const slos = await listServiceSlos(organizationId, slug);
  if (slos === null) throw notFound("Service", `No service "${slug}" in this organization. GET /api/v1/services lists them.`);
  return json({ slos });
});

/** Creates (201) or updates (200) an SLO made on the service page, by name. */
export const POST = withApi(z.object({}), async ({ organizationId, actor, params, request }) => {
  const input = await readJsonBody(request, ZSloInput);
  const result = await saveUiSlo(organizationId, params.slug ?? "", input, actor);
  return json({ slo: result.slo }, { status: result.created ? 201 : 200 });
});
