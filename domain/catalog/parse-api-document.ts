import { catalogErrorMap } from "./catalog-error-map.ts";
import { ZApiDocument } from "./catalog-schemas.ts";
import type { ApiEntity, CatalogSource, ParsedCatalogDocument } from "./catalog-types.ts";
import { readOptionalEntityRef } from "./read-entity-refs.ts";
import { toEntityBase } from "./to-entity-base.ts";
import { toSlug } from "./to-slug.ts";
import { zodIssuesToFindings } from "./zod-issues-to-findings.ts";

/** An API matters to Plumbline as the link between the components that provide and consume it. */
export function parseApiDocument(document: unknown, source: CatalogSource): ParsedCatalogDocument<ApiEntity> {
  const parsed = ZApiDocument.safeParse(document, { error: catalogErrorMap, reportInput: true });
  if (!parsed.success) return { entity: null, findings: zodIssuesToFindings(parsed.error.issues) };
  const { metadata, spec } = parsed.data;
  const { base, findings } = toEntityBase("api", metadata, source);
  const owner = readOptionalEntityRef(spec.owner, "spec.owner", { defaultKind: "group", defaultNamespace: base.ref.namespace });
  return {
    entity: { ...base, kind: "api", slug: toSlug(metadata.name), type: spec.type, owner: owner.ref },
    findings: [...findings, ...owner.findings],
  };
}
