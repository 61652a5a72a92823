import { ZLearningListQuery } from "@/server/incidents/incidents.schemas.ts";
import { listLearnings } from "@/server/incidents/list-learnings.ts";
import { json, withApi } from "@/server/http/with-api.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Published learnings, newest first: `q` searches, `service`, `team` and `kind` filter. */
export const GET = withApi(ZLearningListQuery, async ({ organizationId, query }) => json({ learnings: await listLearnings(organizationId, query) }));
