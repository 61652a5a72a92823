import type { CatalogEntityBase, CatalogFinding, CatalogSource } from "./catalog-types.ts";
import type { TCatalogMetadata } from "./catalog-schemas.ts";
import { stringifyEntityRef } from "./parse-entity-ref.ts";
import { readLinks } from "./read-links.ts";

/** The kind-independent part of an entity, from metadata that already passed ZCatalogMetadata. */
export function toEntityBase(
  kind: string,
  metadata: TCatalogMetadata,
  source: CatalogSource,
): { base: CatalogEntityBase; findings: CatalogFinding[] } {
  const ref = { kind, namespace: metadata.namespace.toLowerCase(), name: metadata.name.toLowerCase() };
  const { links, findings: linkFindings } = readLinks(metadata.links);
  const findings: CatalogFinding[] = [...linkFindings];
  // Refs keep the namespace (references resolve within it), but Plumbline's names and URLs do not.
  if (ref.namespace !== "default") {
    findings.push({
      field: "metadata.namespace",
      message: `namespace "${metadata.namespace}" is kept in references (${stringifyEntityRef(ref)}), but Plumbline's names have no namespace: this ${kind} is shown as "${metadata.name}", and a ${kind} of the same name in another namespace is refused as a duplicate`,
      severity: "warning",
    });
  }
  return {
    base: {
      source,
      ref,
      entityRef: stringifyEntityRef(ref),
      name: metadata.name,
      title: metadata.title,
      description: metadata.description,
      annotations: metadata.annotations,
      tags: metadata.tags,
      links,
    },
    findings,
  };
}
