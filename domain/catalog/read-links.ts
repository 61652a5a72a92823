import { describeYamlValue } from "./catalog-error-map.ts";
import type { CatalogFinding, CatalogLink } from "./catalog-types.ts";
import { parseHttpUrl } from "./parse-http-url.ts";

/**
 * Reads `metadata.links`. A broken link is a warning and is left out: losing a
 * dashboard link is no reason to lose the whole service.
 */
export function readLinks(value: unknown): { links: CatalogLink[]; findings: CatalogFinding[] } {
  if (value === undefined || value === null) return { links: [], findings: [] };
  if (!Array.isArray(value)) {
    return {
      links: [],
      findings: [warning("metadata.links", `must be a list of { url, title } (got ${describeYamlValue(value)})`)],
    };
  }
  const links: CatalogLink[] = [];
  const findings: CatalogFinding[] = [];
  value.forEach((entry: unknown, index) => {
    const link = readLink(entry, `metadata.links[${index}]`);
    if ("severity" in link) findings.push(link);
    else links.push(link);
  });
  return { links, findings };
}

function readLink(entry: unknown, field: string): CatalogLink | CatalogFinding {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
    return warning(field, `must be a mapping with url and title (got ${describeYamlValue(entry)}); link skipped`);
  }
  const record = entry as Record<string, unknown>;
  const rawUrl = record["url"];
  if (typeof rawUrl !== "string" || rawUrl.trim() === "") return warning(`${field}.url`, "is required; link skipped");
  const url = parseHttpUrl(rawUrl);
  if (url === null) return warning(`${field}.url`, `must be an http(s) URL (got ${JSON.stringify(rawUrl)}); link skipped`);
  // Backstage shows the URL when a link has no title; do the same rather than reject it.
  const title = optionalText(record["title"]) ?? url;
  const icon = optionalText(record["icon"]);
  return icon === null ? { title, url } : { title, url, icon };
}

function optionalText(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

function warning(field: string, message: string): CatalogFinding {
  return { field, message, severity: "warning" };
}
