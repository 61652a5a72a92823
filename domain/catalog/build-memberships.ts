import type { CatalogMembership, CatalogMembershipRole, CatalogProblem, GroupEntity, UserEntity } from "./catalog-types.ts";
import { compareText } from "./compare-text.ts";
import type { CatalogIndex } from "./index-catalog-entities.ts";
import { problemAt } from "./problem-at.ts";
import { resolveEntityRef } from "./resolve-entity-ref.ts";
import { resolveTeamSlug } from "./resolve-team-slug.ts";

/**
 * Membership is declared from either side (Group `spec.members`, User `spec.memberOf`),
 * so the union is taken. People named in a Group's `plumbline.dev/owners` are owners,
 * and members too even if no list names them: owning a team implies belonging to it.
 */
export function buildMemberships(
  groups: readonly GroupEntity[],
  users: readonly UserEntity[],
  index: CatalogIndex,
): { memberships: CatalogMembership[]; problems: CatalogProblem[] } {
  const problems: CatalogProblem[] = [];
  const roles = new Map<string, CatalogMembership>();
  const add = (teamSlug: string, personEmail: string, role: CatalogMembershipRole): void => {
    const key = `${teamSlug}\n${personEmail}`;
    if (roles.get(key)?.role !== "owner") roles.set(key, { teamSlug, personEmail, role });
  };

  for (const group of groups) {
    for (const [refs, role] of [[group.members, "member"], [group.owners, "owner"]] as const) {
      for (const at of refs) {
        const user = resolveEntityRef(index, at, "user");
        if (user.ok) add(group.slug, user.entity.email, role);
        else problems.push(problemAt(group, at.field, `${user.message}; skipped`, "warning"));
      }
    }
  }
  for (const user of users) {
    for (const at of user.memberOf) {
      const team = resolveTeamSlug(index, at);
      if (team.ok) add(team.teamSlug, user.email, "member");
      else problems.push(problemAt(user, at.field, `${team.message}; skipped`, "warning"));
    }
  }
  const memberships = [...roles.values()].sort(
    (a, b) => compareText(a.teamSlug, b.teamSlug) || compareText(a.personEmail, b.personEmail),
  );
  return { memberships, problems };
}
