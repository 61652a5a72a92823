import type { CatalogFinding, EntityRefAt } from "./catalog-types.ts";
import { parseEntityRef, type EntityRefContext } from "./parse-entity-ref.ts";

/** One reference field, e.g. `spec.owner`. */
export function readEntityRef(text: string, field: string, context: EntityRefContext): EntityRefAt | CatalogFinding {
  const parsed = parseEntityRef(text, context);
  if (!parsed.ok) return { field, message: parsed.message, severity: "error" };
  return { ref: parsed.ref, field, text };
}

/**
 * A list of references, e.g. `spec.dependsOn`. A malformed entry is a warning and is
 * skipped: one bad edge should not cost the entity and all its other edges.
 */
export function readEntityRefs(
  texts: readonly string[],
  field: string,
  context: EntityRefContext,
): { refs: EntityRefAt[]; findings: CatalogFinding[] } {
  const refs: EntityRefAt[] = [];
  const findings: CatalogFinding[] = [];
  texts.forEach((text, index) => {
    const read = readEntityRef(text, `${field}[${index}]`, context);
    if ("severity" in read) findings.push({ ...read, message: `${read.message}; skipped`, severity: "warning" });
    else refs.push(read);
  });
  return { refs, findings };
}

/** For optional single references (a System's owner): a malformed one is a warning and no reference. */
export function readOptionalEntityRef(
  text: string | null,
  field: string,
  context: EntityRefContext,
): { ref: EntityRefAt | null; findings: CatalogFinding[] } {
  if (text === null) return { ref: null, findings: [] };
  const read = readEntityRef(text, field, context);
  if ("severity" in read) return { ref: null, findings: [{ ...read, message: `${read.message}; ignored`, severity: "warning" }] };
  return { ref: read, findings: [] };
}
