import { parseAllDocuments } from "yaml";
import type { CatalogEntity, CatalogProblem } from "./catalog-types.ts";
import { parseCatalogDocument } from "./parse-catalog-document.ts";
import { describeYamlSyntaxError } from "@/domain/yaml/describe-yaml-syntax-error.ts";

/**
 * Reads one Backstage `catalog-info.yaml` text (documents separated by `---`). Each
 * document stands alone: a broken one yields problems and no entity, and the others
 * in the same file are still imported, as Backstage does.
 */
export function parseCatalogFile(file: string, text: string): { entities: CatalogEntity[]; problems: CatalogProblem[] } {
  const entities: CatalogEntity[] = [];
  const problems: CatalogProblem[] = [];
  parseAllDocuments(text).forEach((document, documentIndex) => {
    const [syntaxError] = document.errors;
    if (syntaxError !== undefined) {
      problems.push({ file, documentIndex, field: "(yaml)", message: describeYamlSyntaxError(syntaxError), severity: "error" });
      return;
    }
    const value = toPlainData(document);
    if (typeof value === "string") {
      problems.push({ file, documentIndex, field: "(yaml)", message: value, severity: "error" });
      return;
    }
    const parsed = parseCatalogDocument(value.data, { file, documentIndex });
    for (const finding of parsed.findings) {
      problems.push({ file, documentIndex, ...(parsed.entityRef === undefined ? {} : { entityRef: parsed.entityRef }), ...finding });
    }
    if (parsed.entity !== null) entities.push(parsed.entity);
  });
  return { entities, problems };
}


/** Turning YAML into data can still fail (an alias to an anchor that does not exist, an alias bomb). */
function toPlainData(document: { toJS(): unknown }): { data: unknown } | string {
  try {
    return { data: document.toJS() };
  } catch (error) {
    return `YAML could not be read: ${error instanceof Error ? error.message : String(error)}`;
  }
}
