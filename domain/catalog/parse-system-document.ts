import { catalogErrorMap } from "./catalog-error-map.ts";
import { ZSystemDocument } from "./catalog-schemas.ts";
import type { CatalogSource, ParsedCatalogDocument, SystemEntity } from "./catalog-types.ts";
import { readOptionalEntityRef } from "./read-entity-refs.ts";
import { toEntityBase } from "./to-entity-base.ts";
import { toSlug } from "./to-slug.ts";
import { zodIssuesToFindings } from "./zod-issues-to-findings.ts";

/** A System groups services; its owner is optional here because services carry their own. */
export function parseSystemDocument(document: unknown, source: CatalogSource): ParsedCatalogDocument<SystemEntity> {
  const parsed = ZSystemDocument.safeParse(document, { error: catalogErrorMap, reportInput: true });
  if (!parsed.success) return { entity: null, findings: zodIssuesToFindings(parsed.error.issues) };
  const { metadata, spec } = parsed.data;
  const { base, findings } = toEntityBase("system", metadata, source);
  const owner = readOptionalEntityRef(spec.owner, "spec.owner", { defaultKind: "group", defaultNamespace: base.ref.namespace });
  const domain = readOptionalEntityRef(spec.domain, "spec.domain", { defaultKind: "domain", defaultNamespace: base.ref.namespace });
  return {
    entity: { ...base, kind: "system", slug: toSlug(metadata.name), owner: owner.ref, domain: domain.ref },
    findings: [...findings, ...owner.findings, ...domain.findings],
  };
}
