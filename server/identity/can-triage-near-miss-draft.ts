import type { TActor } from "./actor.ts";
import { isOrganizationAdmin } from "./is-organization-admin.ts";

/**
 * May `actor` file or dismiss a near-miss draft? The draft is for its owner team: any member
 * of that team, or an admin. A draft with no owner team is anyone's (a person, not a token:
 * filing says "a person looked at this").
 */
export function canTriageNearMissDraft(actor: TActor, draft: { ownerTeamId: string | null }, actorTeamIds: ReadonlySet<string>): boolean {
  if (actor.kind !== "user") return false;
  if (isOrganizationAdmin(actor) || draft.ownerTeamId === null) return true;
  return actorTeamIds.has(draft.ownerTeamId);
}
