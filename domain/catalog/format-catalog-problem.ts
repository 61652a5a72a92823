import type { CatalogProblem } from "./catalog-types.ts";

/**
 * `catalog/x.yaml, document 3 (component:default/checkout), spec.owner: unknown group "paymnts"`.
 * Documents are counted from 1 here because people count the `---` blocks in their
 * editor that way; `documentIndex` itself stays 0-based. Severity is left to the caller,
 * which usually groups or colours by it.
 */
export function formatCatalogProblem(problem: CatalogProblem): string {
  const entity = problem.entityRef === undefined ? "" : ` (${problem.entityRef})`;
  const item = problem.itemIndex === undefined ? "" : `, item ${problem.itemIndex + 1}`;
  return `${problem.file}, document ${problem.documentIndex + 1}${item}${entity}, ${problem.field}: ${problem.message}`;
}
