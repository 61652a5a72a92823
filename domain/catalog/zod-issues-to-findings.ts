import type { z } from "zod";
import type { CatalogFinding } from "./catalog-types.ts";
import { formatFieldPath } from "./format-field-path.ts";

/** Schema failures mean the document cannot be imported, so each issue is an error. */
export function zodIssuesToFindings(issues: readonly z.core.$ZodIssue[]): CatalogFinding[] {
  return issues.map((issue) => ({ field: formatFieldPath(issue.path), message: issue.message, severity: "error" }));
}
