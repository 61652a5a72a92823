import type { ApiEntity, CatalogApi, CatalogProblem, CatalogService } from "./catalog-types.ts";
import { compareText } from "./compare-text.ts";
import type { CatalogIndex } from "./index-catalog-entities.ts";
import { problemAt } from "./problem-at.ts";
import { resolveOwnerTeam } from "./resolve-owner-team.ts";

/** APIs with their providers, taken from the services that declare `spec.providesApis` (Backstage has no other link). */
export function buildApis(
  apis: readonly ApiEntity[],
  services: readonly CatalogService[],
  index: CatalogIndex,
): { apis: CatalogApi[]; problems: CatalogProblem[] } {
  const problems: CatalogProblem[] = [];
  const rows = apis.map((api) => {
    let ownerTeamSlug: string | null = null;
    if (api.owner !== null) {
      const owner = resolveOwnerTeam(index, api.owner);
      if (owner.ok) ownerTeamSlug = owner.teamSlug;
      else problems.push(problemAt(api, api.owner.field, `${owner.message}; owner left empty`, "warning"));
    }
    const providerServiceSlugs = services
      .filter((service) => service.providesApis.includes(api.slug))
      .map((service) => service.slug)
      .sort(compareText);
    return { slug: api.slug, name: api.title ?? api.name, type: api.type, ownerTeamSlug, providerServiceSlugs };
  });
  return { apis: rows.sort((a, b) => compareText(a.slug, b.slug)), problems };
}
