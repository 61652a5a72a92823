import { z } from "zod";
import { notFound } from "@/server/http/problem.ts";
import { json, withApi } from "@/server/http/with-api.ts";
import { getServiceWorkloads } from "@/server/workloads/get-service-workloads.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi(z.object({}), async ({ organizationId, params }) => {
  const slug = params.slug ?? "";
  const workloads = await getServiceWorkloads(organizationId, slug);
  if (!workloads) throw notFound("Service", `No service "${slug}" in this organization. GET /api/v1/services lists them.`);
  return json(workloads);
});
