import type {
  ApiEntity,
  CatalogEntry,
  CatalogProblem,
  CatalogService,
  ComponentEntity,
  DomainEntity,
  EntityRefAt,
  ResourceEntity,
} from "./catalog-types.ts";
import { compareText } from "./compare-text.ts";
import type { CatalogIndex } from "./index-catalog-entities.ts";
import { stringifyEntityRef } from "./parse-entity-ref.ts";
import { problemAt } from "./problem-at.ts";
import { resolveEntityRef } from "./resolve-entity-ref.ts";
import { resolveOwnerTeam } from "./resolve-owner-team.ts";
import { toSlug } from "./to-slug.ts";

type Warn = (at: EntityRefAt, message: string) => void;

/**
 * APIs, Resources and Domains with their relations resolved. Providers and consumers
 * of an API come from the components (`spec.providesApis`, `spec.consumesApis`); the
 * services that depend on a Resource from their `spec.dependsOn` and the Resource's
 * own `spec.dependencyOf`, as Backstage relates both ways. A reference that resolves
 * to nothing keeps the entry, with a warning and the reference as written.
 */
export function buildEntries(
  entities: { apis: readonly ApiEntity[]; resources: readonly ResourceEntity[]; domains: readonly DomainEntity[] },
  components: readonly ComponentEntity[],
  services: readonly CatalogService[],
  index: CatalogIndex,
): { entries: CatalogEntry[]; problems: CatalogProblem[] } {
  const problems: CatalogProblem[] = [];
  const warnFor = (entity: ApiEntity | ResourceEntity | DomainEntity): Warn => (at, message) => problems.push(problemAt(entity, at.field, message, "warning"));
  const slugsWhere = (test: (service: CatalogService) => boolean) => services.filter(test).map((s) => s.slug).sort(compareText);

  const entries: CatalogEntry[] = [];
  for (const api of entities.apis) {
    const warn = warnFor(api);
    entries.push({
      ...common(api, index, warn),
      kind: "api",
      type: api.type,
      lifecycle: api.lifecycle,
      systemSlug: resolveSlug(index, api.system, "system", warn),
      domainSlug: null,
      dependsOnRefs: [],
      providerServiceSlugs: slugsWhere((s) => s.providesApis.includes(api.slug)),
      consumerServiceSlugs: slugsWhere((s) => s.consumesApis.includes(api.slug)),
      definition: api.definition,
    });
  }
  for (const resource of entities.resources) {
    const warn = warnFor(resource);
    const dependents = new Set(slugsWhere((s) => (s.resourceRefs ?? []).includes(resource.entityRef)));
    for (const at of resource.dependencyOf) {
      const component = resolveEntityRef(index, at, "component");
      if (component.ok) dependents.add(component.entity.slug);
      else warn(at, `${component.message}; skipped`);
    }
    entries.push({
      ...common(resource, index, warn),
      kind: "resource",
      type: resource.type,
      lifecycle: null,
      systemSlug: resolveSlug(index, resource.system, "system", warn),
      domainSlug: null,
      dependsOnRefs: resource.dependsOn.map((at) => stringifyEntityRef(at.ref)).sort(compareText),
      providerServiceSlugs: [...dependents].sort(compareText),
      consumerServiceSlugs: [],
      definition: null,
    });
  }
  for (const domain of entities.domains) {
    const warn = warnFor(domain);
    entries.push({
      ...common(domain, index, warn),
      kind: "domain",
      type: domain.type,
      lifecycle: null,
      systemSlug: null,
      domainSlug: resolveSlug(index, domain.subdomainOf, "domain", warn),
      dependsOnRefs: [],
      providerServiceSlugs: [],
      consumerServiceSlugs: [],
      definition: null,
    });
  }

  // A component depending on a Resource nobody declared keeps the reference (the service page marks it unknown).
  for (const component of components) {
    const warned = new Set<string>();
    for (const at of component.dependsOn) {
      if (at.ref.kind !== "resource" || warned.has(stringifyEntityRef(at.ref))) continue;
      warned.add(stringifyEntityRef(at.ref));
      const resource = resolveEntityRef(index, at, "resource");
      if (!resource.ok) problems.push(problemAt(component, at.field, `unknown dependency: ${resource.message}; kept and shown as unknown`, "warning"));
    }
  }
  return { entries: entries.sort((a, b) => compareText(a.kind, b.kind) || compareText(a.slug, b.slug)), problems };
}

function common(
  entity: (ApiEntity | ResourceEntity | DomainEntity),
  index: CatalogIndex,
  warn: Warn,
): Pick<CatalogEntry, "slug" | "entityRef" | "name" | "description" | "ownerTeamSlug" | "unresolvedOwnerRef" | "links" | "tags" | "annotations"> {
  let ownerTeamSlug: string | null = null;
  let unresolvedOwnerRef: string | null = null;
  if (entity.owner !== null) {
    const owner = resolveOwnerTeam(index, entity.owner);
    if (owner.ok) ownerTeamSlug = owner.teamSlug;
    else {
      unresolvedOwnerRef = stringifyEntityRef(entity.owner.ref);
      warn(entity.owner, `${owner.reason === "unknown" ? "unknown owner: " : ""}${owner.message}; shown as an unknown owner`);
    }
  }
  return {
    slug: entity.slug,
    entityRef: entity.entityRef,
    name: entity.title ?? entity.name,
    description: entity.description,
    ownerTeamSlug,
    unresolvedOwnerRef,
    links: entity.links,
    tags: entity.tags,
    annotations: entity.annotations,
  };
}

/** The slug of a System or Domain reference; an unknown one is kept as written (its name as a slug), with a warning. */
function resolveSlug(index: CatalogIndex, at: EntityRefAt | null, kind: "system" | "domain", warn: Warn): string | null {
  if (at === null) return null;
  const found = resolveEntityRef(index, at, kind);
  if (found.ok) return found.entity.slug;
  if (found.reason === "wrong-kind") {
    warn(at, `${found.message}; left empty`);
    return null;
  }
  warn(at, `${found.message}; kept and shown as unknown`);
  return toSlug(at.ref.name);
}
