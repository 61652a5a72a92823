import { z } from "zod";
import { getService } from "@/server/catalog/get-service.ts";
import { notFound } from "@/server/http/problem.ts";
import { json, withApi } from "@/server/http/with-api.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi(z.object({}), async ({ organizationId, params }) => {
  const slug = params.slug ?? "";
  const service = await getService(organizationId, slug);
  if (!service) throw notFound("Service", `No service "${slug}" in this organization. GET /api/v1/services lists them.`);
  return json(service);
});
