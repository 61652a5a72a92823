import type { TActor } from "./actor.ts";
import { isOrganizationAdmin } from "./is-organization-admin.ts";

/** May `actor` change the deploy policies of the organization it acts for? Admins only. */
export function canManagePolicies(actor: TActor): boolean {
  return isOrganizationAdmin(actor);
}
