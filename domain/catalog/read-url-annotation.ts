import { annotationField } from "./catalog-annotations.ts";
import type { CatalogFinding } from "./catalog-types.ts";
import { parseHttpUrl } from "./parse-http-url.ts";

/** Reads an annotation that must hold an http(s) URL; anything else is a warning and no URL. */
export function readUrlAnnotation(
  annotations: Record<string, string>,
  key: string,
): { url: string | null; findings: CatalogFinding[] } {
  const raw = annotations[key];
  if (raw === undefined || raw === "") return { url: null, findings: [] };
  const url = parseHttpUrl(raw);
  if (url !== null) return { url, findings: [] };
  return {
    url: null,
    findings: [
      { field: annotationField(key), message: `must be an http(s) URL (got ${JSON.stringify(raw)})`, severity: "warning" },
    ],
  };
}
