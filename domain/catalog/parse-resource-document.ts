import { catalogErrorMap } from "./catalog-error-map.ts";
import { ZResourceDocument } from "./catalog-schemas.ts";
import type { CatalogSource, ParsedCatalogDocument, ResourceEntity } from "./catalog-types.ts";
import { readEntityRefs, readOptionalEntityRef } from "./read-entity-refs.ts";
import { toEntityBase } from "./to-entity-base.ts";
import { toSlug } from "./to-slug.ts";
import { zodIssuesToFindings } from "./zod-issues-to-findings.ts";

/** A Resource: infrastructure (database, queue, bucket) that services depend on. */
export function parseResourceDocument(document: unknown, source: CatalogSource): ParsedCatalogDocument<ResourceEntity> {
  const parsed = ZResourceDocument.safeParse(document, { error: catalogErrorMap, reportInput: true });
  if (!parsed.success) return { entity: null, findings: zodIssuesToFindings(parsed.error.issues) };
  const { metadata, spec } = parsed.data;
  const { base, findings } = toEntityBase("resource", metadata, source);
  const context = { defaultNamespace: base.ref.namespace };
  const owner = readOptionalEntityRef(spec.owner, "spec.owner", { ...context, defaultKind: "group" });
  const system = readOptionalEntityRef(spec.system, "spec.system", { ...context, defaultKind: "system" });
  // Backstage requires a kind in dependsOn refs; "resource" is the common case for infrastructure.
  const dependsOn = readEntityRefs(spec.dependsOn, "spec.dependsOn", { ...context, defaultKind: "resource" });
  const dependencyOf = readEntityRefs(spec.dependencyOf, "spec.dependencyOf", { ...context, defaultKind: "component" });
  return {
    entity: {
      ...base,
      kind: "resource",
      slug: toSlug(metadata.name),
      type: spec.type,
      owner: owner.ref,
      system: system.ref,
      dependsOn: dependsOn.refs,
      dependencyOf: dependencyOf.refs,
    },
    findings: [...findings, ...owner.findings, ...system.findings, ...dependsOn.findings, ...dependencyOf.findings],
  };
}
