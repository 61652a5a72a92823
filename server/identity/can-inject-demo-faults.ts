import type { TActor } from "./actor.ts";
import { isServiceOwner } from "./can-edit-slos.ts";
import { isOrganizationAdmin } from "./is-organization-admin.ts";

/**
 * May `actor` inject or clear demo faults on `service` (or, with no service, on all)?
 * A fault makes the service's SLOs burn and can hold up everyone's deploys behind the
 * gate, so: organization admins, the service's owners, and API tokens (which only admins
 * mint, for `plumbline demo fault`). Clearing every service's faults at once is the admins'.
 */
export async function canInjectDemoFaults(
  organization: { id: string },
  service: { ownerTeamSlug: string | null } | null,
  actor: TActor,
): Promise<boolean> {
  if (actor.kind === "token" || isOrganizationAdmin(actor)) return true;
  if (service === null) return false;
  return isServiceOwner(organization, service, actor);
}
