import { getOpenApiDocument } from "@/server/http/openapi/get-openapi-document.ts";

export const runtime = "nodejs";

/** The OpenAPI 3.1 description of this API; public (it holds no data), cacheable for a while. */
export function GET(): Response {
  return Response.json(getOpenApiDocument(), { headers: { "cache-control": "public, max-age=300" } });
}
