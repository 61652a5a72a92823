import type { CatalogDeclaredEdge, CatalogEdgeVia, CatalogProblem, CatalogService, ComponentEntity, EntityRefAt } from "./catalog-types.ts";
import { compareText } from "./compare-text.ts";
import type { CatalogIndex } from "./index-catalog-entities.ts";
import { stringifyEntityRef } from "./parse-entity-ref.ts";
import { problemAt } from "./problem-at.ts";
import { resolveEntityRef } from "./resolve-entity-ref.ts";
import { toSlug } from "./to-slug.ts";

/**
 * Declared `caller -> callee` edges between imported services: from `spec.dependsOn`
 * (and its inverse `spec.dependencyOf`), and from a consumer of an API to each provider
 * of it. One edge per pair: the graph keys declared edges by caller and callee, so when
 * both sources name a pair, the explicit dependsOn is kept.
 */
export function buildDeclaredEdges(
  imported: readonly ComponentEntity[],
  services: readonly CatalogService[],
  index: CatalogIndex,
): { declaredEdges: CatalogDeclaredEdge[]; problems: CatalogProblem[] } {
  const problems: CatalogProblem[] = [];
  const edges = new Map<string, CatalogDeclaredEdge>();
  const add = (callerSlug: string, calleeSlug: string, via: CatalogEdgeVia): void => {
    const key = `${callerSlug}\n${calleeSlug}`;
    if (callerSlug !== calleeSlug && !edges.has(key)) edges.set(key, { callerSlug, calleeSlug, via });
  };
  const importedSlugs = new Map(imported.map((component) => [component.entityRef, component.slug]));

  for (const component of imported) {
    for (const [refs, inverse] of [[component.dependsOn, false], [component.dependencyOf, true]] as const) {
      for (const at of refs) {
        const other = resolveDependency(index, importedSlugs, at);
        if (typeof other === "string") {
          if (inverse) add(other, component.slug, "dependsOn");
          else add(component.slug, other, "dependsOn");
        } else if (other !== null) {
          problems.push(problemAt(component, at.field, `${other.message}; edge skipped`, "warning"));
        }
      }
    }
  }
  const providersByApi = new Map<string, string[]>();
  for (const provider of services) {
    for (const apiSlug of provider.providesApis) providersByApi.set(apiSlug, [...(providersByApi.get(apiSlug) ?? []), provider.slug]);
  }
  for (const consumer of services) {
    for (const apiSlug of consumer.consumesApis) {
      for (const providerSlug of providersByApi.get(apiSlug) ?? []) add(consumer.slug, providerSlug, "consumesApi");
    }
  }
  const declaredEdges = [...edges.values()].sort(
    (a, b) => compareText(a.callerSlug, b.callerSlug) || compareText(a.calleeSlug, b.calleeSlug),
  );
  return { declaredEdges, problems };
}

/** The other service's slug; null for references Plumbline deliberately ignores; else why the edge is skipped. */
function resolveDependency(
  index: CatalogIndex,
  importedSlugs: ReadonlyMap<string, string>,
  at: EntityRefAt,
): string | null | { message: string } {
  // Resources (databases, buckets) are not services; Plumbline learns about them from the mesh if at all.
  if (at.ref.kind === "resource") return null;
  if (at.ref.kind !== "component") {
    const hint = at.ref.kind === "api" ? "; use spec.consumesApis for APIs" : "";
    return { message: `must reference a Component or Resource (got ${JSON.stringify(at.text)}, kind ${at.ref.kind})${hint}` };
  }
  const component = resolveEntityRef(index, at, "component");
  if (!component.ok) {
    const slug = toSlug(at.ref.name);
    return index.knownServiceSlugs.has(slug) ? slug : { message: component.message };
  }
  const slug = importedSlugs.get(stringifyEntityRef(at.ref));
  if (slug === undefined) return { message: `${component.entity.entityRef} was not imported because of its own errors` };
  return slug;
}
