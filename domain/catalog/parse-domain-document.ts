import { catalogErrorMap } from "./catalog-error-map.ts";
import { ZDomainDocument } from "./catalog-schemas.ts";
import type { CatalogSource, DomainEntity, ParsedCatalogDocument } from "./catalog-types.ts";
import { readOptionalEntityRef } from "./read-entity-refs.ts";
import { toEntityBase } from "./to-entity-base.ts";
import { toSlug } from "./to-slug.ts";
import { zodIssuesToFindings } from "./zod-issues-to-findings.ts";

/** A Domain: a business area grouping systems. */
export function parseDomainDocument(document: unknown, source: CatalogSource): ParsedCatalogDocument<DomainEntity> {
  const parsed = ZDomainDocument.safeParse(document, { error: catalogErrorMap, reportInput: true });
  if (!parsed.success) return { entity: null, findings: zodIssuesToFindings(parsed.error.issues) };
  const { metadata, spec } = parsed.data;
  const { base, findings } = toEntityBase("domain", metadata, source);
  const context = { defaultNamespace: base.ref.namespace };
  const owner = readOptionalEntityRef(spec.owner, "spec.owner", { ...context, defaultKind: "group" });
  const subdomainOf = readOptionalEntityRef(spec.subdomainOf, "spec.subdomainOf", { ...context, defaultKind: "domain" });
  return {
    entity: { ...base, kind: "domain", slug: toSlug(metadata.name), type: spec.type, owner: owner.ref, subdomainOf: subdomainOf.ref },
    findings: [...findings, ...owner.findings, ...subdomainOf.findings],
  };
}
