import { z } from "zod";
import { getTeam } from "@/server/catalog/get-team.ts";
import { notFound } from "@/server/http/problem.ts";
import { json, withApi } from "@/server/http/with-api.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi(z.object({}), async ({ organizationId, params }) => {
  const slug = params.slug ?? "";
  const team = await getTeam(organizationId, slug);
  if (!team) throw notFound("Team", `No team "${slug}" in this organization. GET /api/v1/teams lists them.`);
  return json(team);
});
