import type { CatalogProblem, CatalogService, ComponentEntity, EntityRefAt } from "./catalog-types.ts";
import { compareText } from "./compare-text.ts";
import type { CatalogIndex } from "./index-catalog-entities.ts";
import { stringifyEntityRef } from "./parse-entity-ref.ts";
import { problemAt } from "./problem-at.ts";
import { resolveEntityRef } from "./resolve-entity-ref.ts";
import { resolveOwnerTeam } from "./resolve-owner-team.ts";
import { toSlug } from "./to-slug.ts";

/**
 * Components become services. An owner is required (ownership is the point of the
 * catalog): a component owned by something that cannot own it (a System, a Component)
 * is not imported. A Group that does not exist is what Backstage imports as a broken
 * relation, so the component imports too, with no owner team, the reference kept as
 * `unresolvedOwnerRef` (the service page shows it as an unknown owner) and a warning.
 * A broken system or API reference only loses that fact.
 */
export function buildServices(
  components: readonly ComponentEntity[],
  index: CatalogIndex,
): { services: CatalogService[]; imported: ComponentEntity[]; problems: CatalogProblem[] } {
  const problems: CatalogProblem[] = [];
  const services: CatalogService[] = [];
  const imported: ComponentEntity[] = [];

  for (const component of components) {
    const owner = resolveOwnerTeam(index, component.owner);
    if (!owner.ok && owner.reason === "wrong-kind") {
      problems.push(problemAt(component, component.owner.field, `${owner.message}; component not imported`, "error"));
      continue;
    }
    if (!owner.ok) {
      const message = `unknown owner: ${owner.message}; imported without an owner team (deploy approvals cannot go to its owner) until that ${component.owner.ref.kind === "user" ? "User" : "Group"} exists`;
      problems.push(problemAt(component, component.owner.field, message, "warning"));
    }
    const warn = (at: EntityRefAt, message: string): void => {
      problems.push(problemAt(component, at.field, message, "warning"));
    };
    imported.push(component);
    services.push({
      slug: component.slug,
      name: component.title ?? component.name,
      description: component.description,
      ownerTeamSlug: owner.ok ? owner.teamSlug : null,
      ...(owner.ok ? {} : { unresolvedOwnerRef: stringifyEntityRef(component.owner.ref) }),
      tier: component.tier,
      lifecycle: component.lifecycle,
      type: component.type,
      systemSlug: resolveSystemSlug(index, component.system, warn),
      repoUrl: component.repoUrl,
      runbookUrl: component.runbookUrl,
      slackChannel: component.slackChannel,
      links: component.links,
      tags: component.tags,
      annotations: component.annotations,
      ...resourceRefsOf(component),
      ...subcomponentOfRef(index, component.subcomponentOf, warn),
      providesApis: resolveApiSlugs(index, component.providesApis, warn),
      consumesApis: resolveApiSlugs(index, component.consumesApis, warn),
    });
  }
  return { services: services.sort((a, b) => compareText(a.slug, b.slug)), imported, problems };
}

function resolveSystemSlug(index: CatalogIndex, at: EntityRefAt | null, warn: (at: EntityRefAt, message: string) => void): string | null {
  if (at === null) return null;
  const system = resolveEntityRef(index, at, "system");
  if (system.ok) return system.entity.slug;
  warn(at, `${system.message}; system left empty`);
  return null;
}

function resolveApiSlugs(index: CatalogIndex, refs: readonly EntityRefAt[], warn: (at: EntityRefAt, message: string) => void): string[] {
  const slugs = new Set<string>();
  for (const at of refs) {
    const api = resolveEntityRef(index, at, "api");
    if (api.ok) slugs.add(api.entity.slug);
    else warn(at, `${api.message}; skipped`);
  }
  return [...slugs];
}

/** Resources are not services (no edges, no SLOs); their refs are kept so the service page lists its infrastructure. */
function resourceRefsOf(component: ComponentEntity): { resourceRefs?: string[] } {
  const refs = [...new Set(component.dependsOn.filter((at) => at.ref.kind === "resource").map((at) => stringifyEntityRef(at.ref)))].sort(compareText);
  return refs.length === 0 ? {} : { resourceRefs: refs };
}

/** Kept as written even when that component is not in the catalog (with a warning), as Backstage keeps a broken relation. */
function subcomponentOfRef(
  index: CatalogIndex,
  at: EntityRefAt | null,
  warn: (at: EntityRefAt, message: string) => void,
): { subcomponentOfRef?: string } {
  if (at === null) return {};
  const parent = resolveEntityRef(index, at, "component");
  if (!parent.ok && parent.reason === "wrong-kind") {
    warn(at, `${parent.message}; ignored`);
    return {};
  }
  if (!parent.ok && !index.knownServiceSlugs.has(toSlug(at.ref.name))) warn(at, `${parent.message}; kept as an unknown component`);
  return { subcomponentOfRef: stringifyEntityRef(at.ref) };
}
