import { z } from "zod";
import { json, withApi } from "@/server/http/with-api.ts";
import { listTeams } from "@/server/catalog/list-teams.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi(z.object({}), async ({ organizationId }) => json({ teams: await listTeams(organizationId) }));
