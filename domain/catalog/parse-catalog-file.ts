import { parseAllDocuments } from "yaml";
import type { CatalogDocumentRead, CatalogEntity, CatalogProblem } from "./catalog-types.ts";
import { readLocationSpec, type LocationDocument } from "./follow-locations.ts";
import { parseCatalogDocument } from "./parse-catalog-document.ts";
import { describeYamlSyntaxError } from "@/domain/yaml/describe-yaml-syntax-error.ts";

/**
 * Reads one Backstage `catalog-info.yaml` text (documents separated by `---`). Each
 * document stands alone: a broken one yields problems and no entity, and the others
 * in the same file are still imported, as Backstage does. `documents` lists every
 * non-empty document of the file, of any format, so an import can account for each.
 */
export function parseCatalogFile(
  file: string,
  text: string,
): { entities: CatalogEntity[]; problems: CatalogProblem[]; documents: CatalogDocumentRead[]; locations: LocationDocument[] } {
  const entities: CatalogEntity[] = [];
  const locations: LocationDocument[] = [];
  const problems: CatalogProblem[] = [];
  const documents: CatalogDocumentRead[] = [];
  parseAllDocuments(text).forEach((document, documentIndex) => {
    const [syntaxError] = document.errors;
    if (syntaxError !== undefined) {
      documents.push({ file, documentIndex, format: "yaml", kind: UNREADABLE_KIND });
      problems.push({ file, documentIndex, field: "(yaml)", message: describeYamlSyntaxError(syntaxError), severity: "error" });
      return;
    }
    const value = toPlainData(document);
    if (typeof value === "string") {
      documents.push({ file, documentIndex, format: "yaml", kind: UNREADABLE_KIND });
      problems.push({ file, documentIndex, field: "(yaml)", message: value, severity: "error" });
      return;
    }
    // OpenSLO allows a document that is a YAML list of objects; domain/slo reads each item.
    if (Array.isArray(value.data) && value.data.length > 0 && value.data.every(isOpenSloObject)) {
      value.data.forEach((item: unknown, itemIndex) => {
        const kind = (item as Record<string, unknown>)["kind"];
        documents.push({ file, documentIndex, itemIndex, format: "openslo", kind: typeof kind === "string" && kind.trim() !== "" ? kind : "(no kind)" });
      });
      return;
    }
    const read = describeDocument(file, documentIndex, value.data);
    if (read !== null) documents.push(read);
    const location = read?.format === "backstage" ? readLocationSpec(value.data) : null;
    if (location !== null) locations.push({ file, documentIndex, ...locationRef(value.data), ...location });
    const parsed = parseCatalogDocument(value.data, { file, documentIndex });
    for (const finding of parsed.findings) {
      problems.push({ file, documentIndex, ...(parsed.entityRef === undefined ? {} : { entityRef: parsed.entityRef }), ...finding });
    }
    if (parsed.entity !== null) entities.push(parsed.entity);
  });
  return { entities, problems, documents, locations };
}

function locationRef(data: unknown): { entityRef?: string } {
  const metadata = (data as { metadata?: unknown }).metadata;
  if (typeof metadata !== "object" || metadata === null) return {};
  const { name, namespace } = metadata as Record<string, unknown>;
  if (typeof name !== "string" || name === "") return {};
  return { entityRef: `location:${typeof namespace === "string" && namespace !== "" ? namespace : "default"}/${name}`.toLowerCase() };
}

function isOpenSloObject(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const apiVersion = (value as Record<string, unknown>)["apiVersion"];
  return typeof apiVersion === "string" && apiVersion.toLowerCase().startsWith("openslo/");
}

/** The kind a document that could not be read as YAML is counted under. */
export const UNREADABLE_KIND = "(unreadable YAML)";

/** Kind and format as written; null for an empty document (a trailing `---`), which declares nothing. */
function describeDocument(file: string, documentIndex: number, data: unknown): CatalogDocumentRead | null {
  if (data === null || data === undefined) return null;
  if (typeof data !== "object" || Array.isArray(data)) return { file, documentIndex, format: "yaml", kind: "(not a mapping)" };
  const record = data as Record<string, unknown>;
  const apiVersion = record["apiVersion"];
  const format = typeof apiVersion === "string" && apiVersion.toLowerCase().startsWith("openslo/") ? "openslo" : "backstage";
  const kind = typeof record["kind"] === "string" && record["kind"].trim() !== "" ? record["kind"] : "(no kind)";
  return { file, documentIndex, format, kind };
}


/** Turning YAML into data can still fail (an alias to an anchor that does not exist, an alias bomb). */
function toPlainData(document: { toJS(): unknown }): { data: unknown } | string {
  try {
    return { data: document.toJS() };
  } catch (error) {
    return `YAML could not be read: ${error instanceof Error ? error.message : String(error)}`;
  }
}
