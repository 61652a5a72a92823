import { z } from "zod";
import { canImportCatalog } from "@/server/identity/can-import-catalog.ts";
import { AppError } from "@/server/http/problem.ts";
import { ZCatalogImportInput } from "@/server/catalog/catalog-import.schemas.ts";
import { importCatalog } from "@/server/catalog/import-catalog.ts";
import { readJsonBody } from "@/server/http/with-api-body.ts";
import { getConfig } from "@/server/config/get-config.ts";
import { json, withApi } from "@/server/http/with-api.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Imports Backstage catalog documents; answers 200 with every problem found, per document. */
export const POST = withApi(z.object({}), async ({ organizationId, actor, request }) => {
  if (!canImportCatalog(actor)) throw new AppError(403, "Not allowed", "Only organization admins (or CI with an API token) can import the catalog.");
  const input = await readJsonBody(request, ZCatalogImportInput, { maxBytes: getConfig().catalog.importMaxBytes });
  const result = await importCatalog(organizationId, input.files, input.origin);
  return json(result);
});
