import type { TActor } from "./actor.ts";
import { isOrganizationAdmin } from "./is-organization-admin.ts";

/** May `actor` configure the organization's clusters, Prometheus and SSO? Admins only. */
export function canManageIntegrations(actor: TActor): boolean {
  return isOrganizationAdmin(actor);
}
