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
  const { links, findings } = readLinks(metadata.links);
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
