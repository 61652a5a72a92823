import { catalogErrorMap } from "./catalog-error-map.ts";
import { annotationField, CATALOG_ANNOTATION } from "./catalog-annotations.ts";
import { ZComponentDocument } from "./catalog-schemas.ts";
import type { CatalogFinding, CatalogSource, ComponentEntity, ParsedCatalogDocument } from "./catalog-types.ts";
import { readEntityRef, readEntityRefs, readOptionalEntityRef } from "./read-entity-refs.ts";
import { readRepoUrl } from "./read-repo-url.ts";
import { readSlackChannel } from "./read-slack-channel.ts";
import { readTier } from "./read-tier.ts";
import { readUrlAnnotation } from "./read-url-annotation.ts";
import { isSlug, toSlug } from "./to-slug.ts";
import { toEntityBase } from "./to-entity-base.ts";
import { zodIssuesToFindings } from "./zod-issues-to-findings.ts";

/** A Backstage Component becomes a Plumbline service. */
export function parseComponentDocument(document: unknown, source: CatalogSource): ParsedCatalogDocument<ComponentEntity> {
  const parsed = ZComponentDocument.safeParse(document, { error: catalogErrorMap, reportInput: true });
  if (!parsed.success) return { entity: null, findings: zodIssuesToFindings(parsed.error.issues) };
  const { metadata, spec } = parsed.data;
  const { base, findings } = toEntityBase("component", metadata, source);
  const context = { defaultNamespace: base.ref.namespace };

  const slug = readServiceSlug(base.annotations, metadata.name);
  if (typeof slug !== "string") return { entity: null, findings: [...findings, slug] };
  const owner = readEntityRef(spec.owner, "spec.owner", { ...context, defaultKind: "group" });
  if ("severity" in owner) return { entity: null, findings: [...findings, owner] };

  const system = readOptionalEntityRef(spec.system, "spec.system", { ...context, defaultKind: "system" });
  const subcomponentOf = readOptionalEntityRef(spec.subcomponentOf, "spec.subcomponentOf", { ...context, defaultKind: "component" });
  // Backstage gives dependsOn no default kind: "component:x" and "resource:x" are both common.
  const dependsOn = readEntityRefs(spec.dependsOn, "spec.dependsOn", context);
  const dependencyOf = readEntityRefs(spec.dependencyOf, "spec.dependencyOf", context);
  const providesApis = readEntityRefs(spec.providesApis, "spec.providesApis", { ...context, defaultKind: "api" });
  const consumesApis = readEntityRefs(spec.consumesApis, "spec.consumesApis", { ...context, defaultKind: "api" });
  const tier = readTier(base.annotations);
  const repo = readRepoUrl(base.annotations);
  const runbook = readUrlAnnotation(base.annotations, CATALOG_ANNOTATION.runbook);

  return {
    entity: {
      ...base,
      kind: "component",
      slug,
      type: spec.type,
      lifecycle: spec.lifecycle,
      owner,
      system: system.ref,
      subcomponentOf: subcomponentOf.ref,
      dependsOn: dependsOn.refs,
      dependencyOf: dependencyOf.refs,
      providesApis: providesApis.refs,
      consumesApis: consumesApis.refs,
      tier: tier.tier,
      repoUrl: repo.url,
      runbookUrl: runbook.url,
      slackChannel: readSlackChannel(base.annotations),
    },
    findings: [
      ...findings,
      ...system.findings,
      ...subcomponentOf.findings,
      ...dependsOn.findings,
      ...dependencyOf.findings,
      ...providesApis.findings,
      ...consumesApis.findings,
      ...tier.findings,
      ...repo.findings,
      ...runbook.findings,
    ],
  };
}

/**
 * `plumbline.dev/service` overrides the slug so a Backstage name can be joined to the
 * Kubernetes workloads carrying the same annotation. A bad override is an error: importing
 * under a different slug would create a second, unrelated service.
 */
function readServiceSlug(annotations: Record<string, string>, name: string): string | CatalogFinding {
  const override = annotations[CATALOG_ANNOTATION.service];
  if (override === undefined || override === "") return toSlug(name);
  if (isSlug(override)) return override;
  return {
    field: annotationField(CATALOG_ANNOTATION.service),
    message: `must be a lowercase slug of letters, digits and "-", at most 63 characters (got ${JSON.stringify(override)})`,
    severity: "error",
  };
}
