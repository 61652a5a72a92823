import { catalogErrorMap } from "./catalog-error-map.ts";
import { ZApiDocument } from "./catalog-schemas.ts";
import type { ApiDefinitionSource, ApiEntity, CatalogFinding, CatalogSource, ParsedCatalogDocument } from "./catalog-types.ts";
import { readOptionalEntityRef } from "./read-entity-refs.ts";
import { toEntityBase } from "./to-entity-base.ts";
import { toSlug } from "./to-slug.ts";
import { zodIssuesToFindings } from "./zod-issues-to-findings.ts";

/** An API: the link between the components that provide and consume it, with its definition. */
export function parseApiDocument(document: unknown, source: CatalogSource): ParsedCatalogDocument<ApiEntity> {
  const parsed = ZApiDocument.safeParse(document, { error: catalogErrorMap, reportInput: true });
  if (!parsed.success) return { entity: null, findings: zodIssuesToFindings(parsed.error.issues) };
  const { metadata, spec } = parsed.data;
  const { base, findings } = toEntityBase("api", metadata, source);
  const context = { defaultNamespace: base.ref.namespace };
  const owner = readOptionalEntityRef(spec.owner, "spec.owner", { ...context, defaultKind: "group" });
  const system = readOptionalEntityRef(spec.system, "spec.system", { ...context, defaultKind: "system" });
  const definition = readDefinition(spec.definition);
  return {
    entity: {
      ...base,
      kind: "api",
      slug: toSlug(metadata.name),
      type: spec.type,
      lifecycle: spec.lifecycle,
      owner: owner.ref,
      system: system.ref,
      definition: definition.source,
    },
    findings: [...findings, ...owner.findings, ...system.findings, ...definition.findings],
  };
}

const REMOTE = /^[a-z][a-z0-9+.-]*:\/\//i;

function readDefinition(
  value: string | { $text: string } | { $json: string } | { $yaml: string } | null,
): { source: ApiDefinitionSource | null; findings: CatalogFinding[] } {
  if (value === null) return { source: null, findings: [] };
  if (typeof value === "string") return { source: { kind: "inline", text: value }, findings: [] };
  const target = "$text" in value ? value.$text : "$json" in value ? value.$json : value.$yaml;
  if (REMOTE.test(target)) {
    const message = `definition at ${target} is listed, not fetched: Plumbline reads no remote URLs from a catalog`;
    return { source: { kind: "remote", url: target }, findings: [{ field: "spec.definition", message, severity: "warning" }] };
  }
  return { source: { kind: "file", path: target }, findings: [] };
}
