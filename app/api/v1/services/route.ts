import { ZServiceListQuery } from "@/server/catalog/catalog.schemas.ts";
import { listServices } from "@/server/catalog/list-services.ts";
import { json, withApi } from "@/server/http/with-api.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi(ZServiceListQuery, async ({ organizationId, query }) =>
  json({ services: await listServices(organizationId, query) }),
);
