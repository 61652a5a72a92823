import path from "node:path";
import { accountImport, documentKey, type DocumentWriteStatus, type ImportAccounting } from "@/domain/catalog/account-import.ts";
import { buildCatalogSnapshot } from "@/domain/catalog/build-catalog-snapshot.ts";
import { followLocations } from "@/domain/catalog/follow-locations.ts";
import type { CatalogEntity, CatalogProblem } from "@/domain/catalog/catalog-types.ts";
import { parseCatalogFile } from "@/domain/catalog/parse-catalog-file.ts";
import { yieldBetweenChunks } from "@/server/db/bulk-chunks.ts";
import { planDeclaredSlos, writeDeclaredSlos, type TSloSyncResult } from "@/server/slo/sync-declared-slos.ts";
import { collectStandaloneOpenSloDocuments } from "@/domain/slo/standalone-openslo-documents.ts";
import { applyOpenSloDocuments } from "@/server/slo/openslo-documents.repository.ts";
import type { TServiceWarning } from "./catalog.schemas.ts";
import {
  applyCatalogSnapshot,
  findKnownCatalogSlugs,
  recordCatalogImport,
  type TApplyCounts,
} from "./catalog-write.repository.ts";
import type { TCatalogSource } from "./read-catalog-sources.ts";
import { apiDefinitionFiles, resolveApiDefinitions } from "./resolve-api-definitions.ts";

export interface TImportResult {
  counts: TApplyCounts;
  /** SLOs declared by annotations, tier defaults and OpenSLO documents (server/slo/sync-declared-slos.ts). */
  slos: TSloSyncResult["counts"];
  /** Every document read, per kind, in exactly one of imported, updated, unchanged, skipped, rejected. */
  accounting: ImportAccounting;
  problems: CatalogProblem[];
  errorCount: number;
  warningCount: number;
  pruned: boolean;
}

/**
 * Imports Backstage catalog documents as the declared facts of one catalog location
 * (`origin`). References may point at teams and services the organization already
 * has. Valid entities import even when others in the same file are broken; what this
 * origin no longer declares is removed only when nothing was broken, so an error can
 * never delete what its document described: every document is read and checked first
 * (Backstage entities, OpenSLO documents, SLO annotations), and only an import with no
 * error anywhere, in any format, removes anything.
 */
export async function importCatalog(
  organizationId: string,
  sources: readonly TCatalogSource[],
  origin: string,
): Promise<TImportResult> {
  const startedAt = new Date();
  const allParsed: (ReturnType<typeof parseCatalogFile> & { file: string })[] = [];
  for (const source of sources) {
    allParsed.push({ file: source.file, ...parseCatalogFile(source.file, source.text) });
    // A large catalog is seconds of parsing: let requests in between files.
    await yieldBetweenChunks();
  }
  // A directory import reads every .yaml file, API definitions (`$text: ./openapi.yaml`) too: those are not catalog documents.
  const definitionFiles = apiDefinitionFiles(allParsed.flatMap((p) => p.entities));
  const parsed = allParsed.filter((p) => !definitionFiles.has(path.posix.normalize(p.file)));
  const entities = parsed.flatMap((p) => p.entities);
  const known = await findKnownCatalogSlugs(organizationId);
  await yieldBetweenChunks();
  const { snapshot, problems: buildProblems, sources: rowSources } = buildCatalogSnapshot(entities, known);
  await yieldBetweenChunks();
  const locations = followLocations(
    parsed.flatMap((p) => p.locations),
    sources.map((source) => source.file),
  );
  const catalogProblems = [...parsed.flatMap((p) => p.problems), ...locations.problems, ...buildProblems];
  const sloPlan = await planDeclaredSlos(organizationId, { origin, services: snapshot.services, entities, sources });
  await yieldBetweenChunks();
  const prune = ![...catalogProblems, ...sloPlan.problems].some((p) => p.severity === "error");

  const definitions = resolveApiDefinitions(entities, sources);
  const { rowStatuses, ...counts } = await applyCatalogSnapshot(organizationId, snapshot, {
    prune,
    origin,
    warningsByService: warningsByServiceSlug(catalogProblems, entities),
    definitions,
  });
  const slos = await writeDeclaredSlos(organizationId, sloPlan, { prune });
  // SLI and DataSource documents are kept as written, so the OpenSLO export gives them back.
  const standalone = collectStandaloneOpenSloDocuments(sources);
  const standaloneWrite = await applyOpenSloDocuments(organizationId, {
    origin,
    prune,
    documents: standalone.map(({ kind, name, displayName, spec }) => ({ kind, name, displayName, spec })),
  });
  const problems = [...catalogProblems, ...slos.problems];
  const errorCount = problems.filter((p) => p.severity === "error").length;
  const warningCount = problems.length - errorCount;

  const written = new Map<string, DocumentWriteStatus>();
  for (const [rowKey, source] of rowSources) {
    const status = rowStatuses.get(rowKey);
    if (status !== undefined) written.set(documentKey(source.file, source.documentIndex), status);
  }
  for (const slo of sloPlan.slos) {
    const status = slos.statuses.get(`${slo.serviceSlug}/${slo.name}`);
    if (slo.provenance.kind !== "openslo" || slo.provenance.file === undefined || status === undefined) continue;
    // A document with several objectives wrote several SLOs: all new is imported, all the same unchanged, else updated.
    const key = documentKey(slo.provenance.file, slo.provenance.documentIndex ?? 0, slo.provenance.itemIndex);
    const before = written.get(key);
    written.set(key, before === undefined || before === status ? status : "updated");
  }
  for (const document of standalone) {
    const status = standaloneWrite.statuses.get(`${document.kind}/${document.name}`);
    if (status !== undefined) written.set(documentKey(document.file, document.documentIndex, document.itemIndex), status);
  }
  const documentReasons = new Map(
    [...locations.followed].map(([key, files]) => [
      key,
      files.length === 0
        ? "a Location only points at other files, and none of its targets is a file of this import"
        : `a Location only points at other files; its targets were read in this import: ${files.join(", ")}`,
    ]),
  );
  const accounting = accountImport({ documents: parsed.flatMap((p) => p.documents), problems, written, documentReasons });

  await recordCatalogImport(organizationId, {
    origin,
    startedAt,
    counts: { ...counts, slos: slos.counts, accounting },
    problems,
    succeeded: errorCount === 0,
  });
  return { counts, slos: slos.counts, accounting, problems, errorCount, warningCount, pruned: prune };
}

/** Warnings about a component, keyed by the slug it imports as (which may differ from its name). */
function warningsByServiceSlug(
  problems: readonly CatalogProblem[],
  entities: readonly CatalogEntity[],
): Map<string, TServiceWarning[]> {
  const slugByRef = new Map(entities.flatMap((e) => (e.kind === "component" ? [[e.entityRef, e.slug] as const] : [])));
  const map = new Map<string, TServiceWarning[]>();
  for (const problem of problems) {
    const slug = problem.entityRef ? slugByRef.get(problem.entityRef) : undefined;
    if (problem.severity !== "warning" || !slug) continue;
    const list = map.get(slug) ?? [];
    list.push({ field: problem.field, message: problem.message, source: `catalog (${problem.file})` });
    map.set(slug, list);
  }
  return map;
}
