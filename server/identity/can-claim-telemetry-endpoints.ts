import type { TActor } from "./actor.ts";
import { isOrganizationAdmin } from "./is-organization-admin.ts";

/**
 * May `actor` claim unmatched telemetry endpoints for services (which can create a
 * service and moves traffic between services for everyone)? Admins, and API tokens, as
 * for catalog imports.
 */
export function canClaimTelemetryEndpoints(actor: TActor): boolean {
  return actor.kind === "token" || isOrganizationAdmin(actor);
}
