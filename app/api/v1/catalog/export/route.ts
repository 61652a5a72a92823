import { ZCatalogExportQuery } from "@/server/catalog/catalog.schemas.ts";
import { exportBackstageCatalog } from "@/server/catalog/export-backstage-catalog.ts";
import { withApi } from "@/server/http/with-api.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";


/** The catalog Plumbline holds, declared and discovered, as Backstage catalog-info.yaml documents. */
export const GET = withApi(ZCatalogExportQuery, async ({ organizationId }) => {
  const text = await exportBackstageCatalog(organizationId);
  return new Response(text, {
    headers: { "content-type": "application/yaml; charset=utf-8", "content-disposition": 'attachment; filename="catalog-info.yaml"' },
  });
});
