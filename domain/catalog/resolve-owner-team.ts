import type { EntityRefAt, UserEntity } from "./catalog-types.ts";
import type { CatalogIndex } from "./index-catalog-entities.ts";
import { personalTeamSlug } from "./personal-team.ts";
import { resolveEntityRef } from "./resolve-entity-ref.ts";
import { resolveTeamSlug } from "./resolve-team-slug.ts";

export type ResolvedOwnerTeam =
  | { ok: true; teamSlug: string; user?: UserEntity }
  | { ok: false; reason: "unknown" | "wrong-kind"; message: string };

/**
 * Owners are teams in Plumbline: deploy approvals go to a team's channel and members.
 * Backstage also allows a User as owner; that person then stands as a team of one
 * (`personalTeamSlug`), so approvals and notifications reach them the same way.
 */
export function resolveOwnerTeam(index: CatalogIndex, at: EntityRefAt): ResolvedOwnerTeam {
  if (at.ref.kind === "user") {
    const user = resolveEntityRef(index, at, "user");
    if (user.ok) return { ok: true, teamSlug: personalTeamSlug(user.entity.name), user: user.entity };
    // Declared by an earlier import of another location: its personal team is already there.
    const slug = personalTeamSlug(at.ref.name);
    if (index.knownTeamSlugs.has(slug)) return { ok: true, teamSlug: slug };
    return { ok: false, reason: "unknown", message: user.message };
  }
  if (at.ref.kind !== "group") {
    return { ok: false, reason: "wrong-kind", message: `owner must be a Group (team) or a User, got ${JSON.stringify(at.text)}, kind ${at.ref.kind}` };
  }
  const team = resolveTeamSlug(index, at);
  return team.ok ? team : { ok: false, reason: "unknown", message: team.message };
}
