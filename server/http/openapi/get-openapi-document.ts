import { buildOpenApiDocument, type TOpenApiDocument } from "./build-openapi-document.ts";

// Built when this module is first imported, not on the first call: the server imports it before
// it reports ready (server/http/preload-route-modules.ts loads /api-docs and the JSON route), so
// the 12-25 ms of building it are not in the first /api-docs visit's turn with its render.
const document: TOpenApiDocument = buildOpenApiDocument();

/** The document, built once per process: it depends only on the code. */
export function getOpenApiDocument(): TOpenApiDocument {
  return document;
}
