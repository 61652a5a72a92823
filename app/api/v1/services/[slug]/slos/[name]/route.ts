import { z } from "zod";
import { notFound } from "@/server/http/problem.ts";
import { json, withApi } from "@/server/http/with-api.ts";
import { deleteUiSlo } from "@/server/slo/delete-ui-slo.ts";
import { listServiceSlos } from "@/server/slo/get-service-slos.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi(z.object({}), async ({ organizationId, params }) => {
  const slug = params.slug ?? "";
  const name = params.name ?? "";
  const slos = await listServiceSlos(organizationId, slug);
  if (slos === null) throw notFound("Service", `No service "${slug}" in this organization. GET /api/v1/services lists them.`);
  const slo = slos.find((candidate) => candidate.name === name);
  if (slo === undefined) throw notFound("SLO", `${slug} has no SLO named "${name}". GET /api/v1/services/${slug}/slos lists them.`);
  return json({ slo });
});

/** Deletes an SLO made on the service page (catalog SLOs answer 409: change the catalog). */
export const DELETE = withApi(z.object({}), async ({ organizationId, actor, params }) => {
  await deleteUiSlo(organizationId, params.slug ?? "", params.name ?? "", actor);
  return new Response(null, { status: 204 });
});
