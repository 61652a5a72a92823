import { buildCatalogSnapshot } from "../../domain/catalog/build-catalog-snapshot.ts";
import type { CatalogProblem } from "../../domain/catalog/catalog-types.ts";
import { parseCatalogFile } from "../../domain/catalog/parse-catalog-file.ts";
import type { TServiceWarning } from "./catalog.schemas.ts";
import { applyCatalogSnapshot, recordCatalogImport, type TApplyCounts } from "./catalog-write.repository.ts";
import type { TCatalogSource } from "./read-catalog-sources.ts";

export interface TImportResult {
  counts: TApplyCounts;
  problems: CatalogProblem[];
  errorCount: number;
  warningCount: number;
  pruned: boolean;
}

/**
 * Imports Backstage catalog documents as declared facts. Valid entities import even
 * when others in the same file are broken; removals happen only when nothing was
 * broken, so an error can never delete what its document described.
 */
export async function importCatalog(
  organizationId: string,
  sources: readonly TCatalogSource[],
  origin: string,
): Promise<TImportResult> {
  const startedAt = new Date();
  const parsed = sources.map((source) => parseCatalogFile(source.file, source.text));
  const { snapshot, problems: buildProblems } = buildCatalogSnapshot(parsed.flatMap((p) => p.entities));
  const problems = [...parsed.flatMap((p) => p.problems), ...buildProblems];
  const errorCount = problems.filter((p) => p.severity === "error").length;
  const warningCount = problems.length - errorCount;
  const prune = errorCount === 0;

  const counts = await applyCatalogSnapshot(organizationId, snapshot, {
    prune,
    origin,
    warningsByService: warningsByServiceSlug(problems),
  });
  await recordCatalogImport(organizationId, { origin, startedAt, counts, problems, succeeded: errorCount === 0 });
  return { counts, problems, errorCount, warningCount, pruned: prune };
}

function warningsByServiceSlug(problems: readonly CatalogProblem[]): Map<string, TServiceWarning[]> {
  const map = new Map<string, TServiceWarning[]>();
  for (const problem of problems) {
    if (problem.severity !== "warning" || !problem.entityRef?.startsWith("component:")) continue;
    const slug = problem.entityRef.split("/").at(-1) ?? "";
    const list = map.get(slug) ?? [];
    list.push({ field: problem.field, message: problem.message, source: `catalog (${problem.file})` });
    map.set(slug, list);
  }
  return map;
}
