import type { CatalogProblem, CatalogSystem, SystemEntity } from "./catalog-types.ts";
import { compareText } from "./compare-text.ts";
import type { CatalogIndex } from "./index-catalog-entities.ts";
import { problemAt } from "./problem-at.ts";
import { resolveEntityRef } from "./resolve-entity-ref.ts";
import { resolveOwnerTeam } from "./resolve-owner-team.ts";
import { toSlug } from "./to-slug.ts";

/** A System with an unresolvable owner is still imported: its services carry their own owners. */
export function buildSystems(systems: readonly SystemEntity[], index: CatalogIndex): { systems: CatalogSystem[]; problems: CatalogProblem[] } {
  const problems: CatalogProblem[] = [];
  const rows = systems.map((system) => {
    let ownerTeamSlug: string | null = null;
    if (system.owner !== null) {
      const owner = resolveOwnerTeam(index, system.owner);
      if (owner.ok) ownerTeamSlug = owner.teamSlug;
      else problems.push(problemAt(system, system.owner.field, `${owner.message}; owner left empty`, "warning"));
    }
    return { slug: system.slug, name: system.title ?? system.name, description: system.description, ownerTeamSlug, ...domainOf(system, index, problems) };
  });
  return { systems: rows.sort((a, b) => compareText(a.slug, b.slug)), problems };
}

/** `spec.domain`: an unknown Domain is kept as written (shown as unknown), with a warning, as Backstage keeps the relation. */
function domainOf(system: SystemEntity, index: CatalogIndex, problems: CatalogProblem[]): { domainSlug?: string } {
  if (system.domain === null) return {};
  const domain = resolveEntityRef(index, system.domain, "domain");
  if (domain.ok) return { domainSlug: domain.entity.slug };
  if (domain.reason === "wrong-kind") {
    problems.push(problemAt(system, system.domain.field, `${domain.message}; domain left empty`, "warning"));
    return {};
  }
  problems.push(problemAt(system, system.domain.field, `${domain.message}; kept and shown as unknown`, "warning"));
  return { domainSlug: toSlug(system.domain.ref.name) };
}
