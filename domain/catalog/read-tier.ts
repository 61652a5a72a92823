import { annotationField, CATALOG_ANNOTATION } from "./catalog-annotations.ts";
import type { CatalogFinding } from "./catalog-types.ts";

export type Tier = 1 | 2 | 3;

/**
 * Reads `plumbline.dev/tier`. A malformed tier is only a warning: the service is still
 * worth importing, and a null tier is visibly "unknown" on its page.
 */
export function readTier(annotations: Record<string, string>): { tier: Tier | null; findings: CatalogFinding[] } {
  const raw = annotations[CATALOG_ANNOTATION.tier];
  if (raw === undefined || raw === "") return { tier: null, findings: [] };
  if (raw === "1" || raw === "2" || raw === "3") return { tier: Number(raw) as Tier, findings: [] };
  return {
    tier: null,
    findings: [
      {
        field: annotationField(CATALOG_ANNOTATION.tier),
        message: `must be one of 1, 2, 3 (got ${JSON.stringify(raw)}); tier left empty`,
        severity: "warning",
      },
    ],
  };
}
