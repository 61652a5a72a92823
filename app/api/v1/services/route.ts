import { ZServicePageQuery } from "@/server/catalog/catalog.schemas.ts";
import { listServicePage } from "@/server/catalog/list-services.ts";
import { json, withApi } from "@/server/http/with-api.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** One page of services: `?q&team&tier&status&sort&order&limit&cursor` (README, "Services API"). */
export const GET = withApi(ZServicePageQuery, async ({ organizationId, query }) => json(await listServicePage(organizationId, query)));
