import { z } from "zod";
import { exportBackstageCatalog } from "@/server/catalog/export-backstage-catalog.ts";
import { withApi } from "@/server/http/with-api.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const ZQuery = z.object({ format: z.enum(["backstage"], { error: "format must be backstage" }).default("backstage") });

/** The catalog Plumbline holds, declared and discovered, as Backstage catalog-info.yaml documents. */
export const GET = withApi(ZQuery, async ({ organizationId }) => {
  const text = await exportBackstageCatalog(organizationId);
  return new Response(text, {
    headers: { "content-type": "application/yaml; charset=utf-8", "content-disposition": 'attachment; filename="catalog-info.yaml"' },
  });
});
