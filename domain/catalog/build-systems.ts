import type { CatalogProblem, CatalogSystem, SystemEntity } from "./catalog-types.ts";
import { compareText } from "./compare-text.ts";
import type { CatalogIndex } from "./index-catalog-entities.ts";
import { problemAt } from "./problem-at.ts";
import { resolveOwnerTeam } from "./resolve-owner-team.ts";

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
    return { slug: system.slug, name: system.title ?? system.name, description: system.description, ownerTeamSlug };
  });
  return { systems: rows.sort((a, b) => compareText(a.slug, b.slug)), problems };
}
