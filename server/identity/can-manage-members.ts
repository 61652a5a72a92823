import type { TActor } from "./actor.ts";
import { isOrganizationAdmin } from "./is-organization-admin.ts";

/** May `actor` invite people, change roles and edit team memberships? Admins only. */
export function canManageMembers(actor: TActor): boolean {
  return isOrganizationAdmin(actor);
}
