import type { CatalogMembership, CatalogTeam, EntityRefAt } from "./catalog-types.ts";
import { compareText } from "./compare-text.ts";
import type { CatalogIndex } from "./index-catalog-entities.ts";
import { resolveEntityRef } from "./resolve-entity-ref.ts";
import { toSlug } from "./to-slug.ts";

/** The slug of the team that stands for a User owner: `user:jane.doe` owns through team `user-jane-doe`. */
export function personalTeamSlug(userName: string): string {
  return `user-${toSlug(userName)}`;
}

/**
 * One team per User named as an owner anywhere in the catalog, with that person as its
 * only owner. Approvals, notifications and "who may decide" all work on teams, so a
 * user-owned service's approver is that person without a second approval model. The
 * team asks for DMs: a person has no channel of their own.
 */
export function buildPersonalTeams(
  owners: readonly EntityRefAt[],
  index: CatalogIndex,
): { teams: CatalogTeam[]; memberships: CatalogMembership[] } {
  const teams = new Map<string, CatalogTeam & { personEmail: string }>();
  for (const at of owners) {
    if (at.ref.kind !== "user") continue;
    const user = resolveEntityRef(index, at, "user");
    if (!user.ok) continue;
    const slug = personalTeamSlug(user.entity.name);
    teams.set(slug, {
      slug,
      name: user.entity.displayName ?? user.entity.title ?? user.entity.name,
      description: `What ${user.entity.entityRef} owns (Backstage owner: ${user.entity.entityRef})`,
      slackChannel: null,
      slackDmApprovers: true,
      parentSlug: null,
      email: user.entity.email,
      personEmail: user.entity.email,
    });
  }
  const sorted = [...teams.values()].sort((a, b) => compareText(a.slug, b.slug));
  return {
    teams: sorted,
    memberships: sorted.map((team) => ({ teamSlug: team.slug, personEmail: team.personEmail, role: "owner" as const })),
  };
}
