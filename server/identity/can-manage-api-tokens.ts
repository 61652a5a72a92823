import type { TActor } from "./actor.ts";
import { isOrganizationAdmin } from "./is-organization-admin.ts";

/** May `actor` create and revoke the organization's API tokens? Admins only; a token never mints tokens. */
export function canManageApiTokens(actor: TActor): boolean {
  return isOrganizationAdmin(actor);
}
