import { annotationField, CATALOG_ANNOTATION } from "./catalog-annotations.ts";
import type { CatalogFinding } from "./catalog-types.ts";
import { parseHttpUrl } from "./parse-http-url.ts";

const PROJECT_SLUG = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/**
 * The repository URL, from the first usable of `plumbline.dev/repo`,
 * `backstage.io/source-location` (`url:` prefix stripped) and `github.com/project-slug`.
 * An unusable one is a warning and the next is tried, so a typo in one annotation
 * does not hide a good one.
 */
export function readRepoUrl(annotations: Record<string, string>): { url: string | null; findings: CatalogFinding[] } {
  const findings: CatalogFinding[] = [];
  const candidates: [string, (raw: string) => string | null, string][] = [
    [CATALOG_ANNOTATION.repo, parseHttpUrl, "must be an http(s) URL"],
    [CATALOG_ANNOTATION.backstageSourceLocation, fromSourceLocation, 'must be "url:" followed by an http(s) URL'],
    [CATALOG_ANNOTATION.githubProjectSlug, fromProjectSlug, 'must be "<org>/<repo>"'],
  ];
  for (const [key, read, expectation] of candidates) {
    const raw = annotations[key];
    if (raw === undefined || raw === "") continue;
    const url = read(raw);
    if (url !== null) return { url, findings };
    findings.push({ field: annotationField(key), message: `${expectation} (got ${JSON.stringify(raw)})`, severity: "warning" });
  }
  return { url: null, findings };
}

function fromSourceLocation(raw: string): string | null {
  // Backstage location targets are "<type>:<target>"; only url: targets point at a browsable repo.
  return raw.startsWith("url:") ? parseHttpUrl(raw.slice("url:".length)) : parseHttpUrl(raw);
}

function fromProjectSlug(raw: string): string | null {
  return PROJECT_SLUG.test(raw) ? `https://github.com/${raw}` : null;
}
