/** The person who says they are deciding, with their membership in the asked team (if any). */
export interface TDecidingPerson {
  id: string;
  name: string;
  /** Their membership in the approval's team; null when they are not in it. */
  membership: { role: "owner" | "member" } | null;
}

export interface TApprovalToDecide {
  teamSlug: string;
  teamName: string;
  /** Whether the team names owners (Backstage `plumbline.dev/owners`). */
  teamHasOwners: boolean;
}

export type TDecisionPermission = { allowed: true } | { allowed: false; reason: string };

/**
 * May `person` approve or reject for the team asked in `approval`? The ONE place that decides it.
 *
 * A member of the asked team may; when the team names owners (the catalog's
 * `plumbline.dev/owners`, "who may approve for the team"), only those owners may. A team
 * without named owners lets any member decide, so a catalog without owner annotations
 * still works.
 *
 * Callers pass the deciding person: the signed-in user's catalog person (web page, API),
 * or the Slack user's (Slack buttons). API tokens never reach here (canDecideApprovalsAs).
 */
export function canDecideApproval(person: TDecidingPerson, approval: TApprovalToDecide): TDecisionPermission {
  if (person.membership === null) {
    return { allowed: false, reason: `${person.name} is not a member of ${approval.teamName}, the team asked to approve.` };
  }
  if (approval.teamHasOwners && person.membership.role !== "owner") {
    return {
      allowed: false,
      reason: `${person.name} is a member of ${approval.teamName} but not one of its owners; only owners (plumbline.dev/owners) approve deploys for it.`,
    };
  }
  return { allowed: true };
}
