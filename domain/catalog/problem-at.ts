import type { CatalogEntity, CatalogProblem, CatalogProblemSeverity } from "./catalog-types.ts";

/** A problem found while resolving, pinned to the document that declared the entity. */
export function problemAt(
  entity: CatalogEntity,
  field: string,
  message: string,
  severity: CatalogProblemSeverity,
): CatalogProblem {
  return { file: entity.source.file, documentIndex: entity.source.documentIndex, entityRef: entity.entityRef, field, message, severity };
}
