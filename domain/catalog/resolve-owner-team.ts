import type { EntityRefAt } from "./catalog-types.ts";
import type { CatalogIndex } from "./index-catalog-entities.ts";
import { resolveTeamSlug } from "./resolve-team-slug.ts";

/**
 * Owners are teams in Plumbline: deploy approvals go to a team's channel and members.
 * Backstage also allows a User as owner, so that case gets its own explanation.
 */
export function resolveOwnerTeam(
  index: CatalogIndex,
  at: EntityRefAt,
): { ok: true; teamSlug: string } | { ok: false; reason: "unknown" | "wrong-kind"; message: string } {
  if (at.ref.kind === "user") {
    return { ok: false, reason: "wrong-kind", message: `owner must be a group (team), got user ${JSON.stringify(at.text)}; name the team that owns it` };
  }
  if (at.ref.kind !== "group") {
    return { ok: false, reason: "wrong-kind", message: `owner must be a group (team), got ${JSON.stringify(at.text)}, kind ${at.ref.kind}` };
  }
  const team = resolveTeamSlug(index, at);
  return team.ok ? team : { ok: false, reason: "unknown", message: team.message };
}
