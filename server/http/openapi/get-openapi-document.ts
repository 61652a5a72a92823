import { buildOpenApiDocument, type TOpenApiDocument } from "./build-openapi-document.ts";

let cached: TOpenApiDocument | null = null;

/** The document, built once per process: it depends only on the code. */
export function getOpenApiDocument(): TOpenApiDocument {
  cached ??= buildOpenApiDocument();
  return cached;
}
