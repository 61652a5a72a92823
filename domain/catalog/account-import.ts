import type { CatalogDocumentRead, CatalogProblem } from "./catalog-types.ts";
import { compareText } from "./compare-text.ts";

/** What writing a document's entity did: new row, changed row, or the same row as before. */
export type DocumentWriteStatus = "imported" | "updated" | "unchanged";

/** One row of the import summary: the documents of one kind and format, every one in exactly one column. */
export interface ImportKindAccount {
  format: CatalogDocumentRead["format"];
  kind: string;
  read: number;
  imported: number;
  updated: number;
  unchanged: number;
  skipped: number;
  rejected: number;
}

/** A document that wrote nothing, with the reason a person can act on. */
export interface NotImportedDocument {
  file: string;
  documentIndex: number;
  itemIndex?: number;
  format: CatalogDocumentRead["format"];
  kind: string;
  entityRef?: string;
  /** `rejected`: an error stopped it; `skipped`: valid, but nothing of it is stored (and the reason says why). */
  outcome: "skipped" | "rejected";
  reason: string;
}

export interface ImportAccounting {
  documentsRead: number;
  kinds: ImportKindAccount[];
  /** In file and document order. */
  notImported: NotImportedDocument[];
}

/** The key `written` is looked up by; an item of a YAML-list document has its own. */
export function documentKey(file: string, documentIndex: number, itemIndex?: number): string {
  return itemIndex === undefined ? `${file}#${documentIndex}` : `${file}#${documentIndex}.${itemIndex}`;
}

/**
 * Why a document with no entity written and no problem of its own was skipped. The kinds
 * here are valid but store nothing (yet); anything else would be a gap in the importer,
 * which still gets counted rather than lost.
 */
const DEFAULT_SKIP_REASONS = new Map<string, string>([
  ["backstage:Location", "a Location only points at other files; Plumbline reads the files given to the import"],
  // A named SLI or DataSource is stored (and counted as written); only a nameless one lands here.
  ["openslo:SLI", "an SLI without a metadata.name is not stored; the SLOs whose spec.indicatorRef names an SLI read it by that name"],
  ["openslo:AlertPolicy", "an AlertPolicy is read through the SLOs whose spec.alertPolicies name it"],
  ["openslo:AlertCondition", "an AlertCondition is read through the AlertPolicies that name it"],
  ["openslo:AlertNotificationTarget", "a notification target is read through the AlertPolicies that name it"],
  ["openslo:DataSource", "a DataSource without a metadata.name is not stored"],
]);

/**
 * Every document of an import in exactly one column: imported, updated or unchanged when
 * an entity of it was written; else rejected when an error points at it, or skipped with
 * its warnings (or the kind's reason) as the reason. So each row adds up to its `read`,
 * and the rows add up to `documentsRead`. Problems of a written document (a warning, or an
 * SLO annotation that was refused) stay in the import's problem list.
 */
export function accountImport(input: {
  documents: readonly CatalogDocumentRead[];
  problems: readonly CatalogProblem[];
  written: ReadonlyMap<string, DocumentWriteStatus>;
  /** Reasons for documents that store nothing and have no problem, by `format:kind`; the defaults above otherwise. */
  skipReasons?: ReadonlyMap<string, string>;
  /** A reason for one document (by `documentKey`), e.g. which files a Location led to; before the kind's. */
  documentReasons?: ReadonlyMap<string, string>;
}): ImportAccounting {
  const problemsByDocument = new Map<string, CatalogProblem[]>();
  for (const problem of input.problems) {
    const key = documentKey(problem.file, problem.documentIndex, problem.itemIndex);
    problemsByDocument.set(key, [...(problemsByDocument.get(key) ?? []), problem]);
  }
  const rows = new Map<string, ImportKindAccount>();
  const notImported: NotImportedDocument[] = [];
  const documents = [...input.documents].sort(
    (a, b) => compareText(a.file, b.file) || a.documentIndex - b.documentIndex || (a.itemIndex ?? -1) - (b.itemIndex ?? -1),
  );

  for (const document of documents) {
    const rowKey = `${document.format}:${document.kind}`;
    const row = rows.get(rowKey) ?? { format: document.format, kind: document.kind, read: 0, imported: 0, updated: 0, unchanged: 0, skipped: 0, rejected: 0 };
    rows.set(rowKey, row);
    row.read += 1;
    const key = documentKey(document.file, document.documentIndex, document.itemIndex);
    const status = input.written.get(key);
    if (status !== undefined) {
      row[status] += 1;
      continue;
    }
    const problems = problemsByDocument.get(key) ?? [];
    const errors = problems.filter((problem) => problem.severity === "error");
    const outcome = errors.length > 0 ? "rejected" : "skipped";
    const because = errors.length > 0 ? errors : problems;
    const reason =
      because.length > 0
        ? because.map((problem) => (problem.field.startsWith("(") ? problem.message : `${problem.field}: ${problem.message}`)).join("; ")
        : (input.documentReasons?.get(key) ?? input.skipReasons?.get(rowKey) ?? DEFAULT_SKIP_REASONS.get(rowKey) ?? "nothing of this document was stored");
    row[outcome] += 1;
    const entityRef = problems.find((problem) => problem.entityRef !== undefined)?.entityRef;
    notImported.push({
      file: document.file,
      documentIndex: document.documentIndex,
      ...(document.itemIndex === undefined ? {} : { itemIndex: document.itemIndex }),
      format: document.format,
      kind: document.kind,
      ...(entityRef === undefined ? {} : { entityRef }),
      outcome,
      reason,
    });
  }

  const formatOrder = { backstage: 0, openslo: 1, yaml: 2 } as const;
  return {
    documentsRead: documents.length,
    kinds: [...rows.values()].sort((a, b) => formatOrder[a.format] - formatOrder[b.format] || compareText(a.kind, b.kind)),
    notImported,
  };
}
