import type { TActor } from "../authz/actor.ts";

/**
 * May `actor` create, edit or delete the SLOs of `service`? THE authorization hook for
 * SLO writes: every one goes through here (server/slo/save-ui-slo.ts, delete-ui-slo.ts).
 *
 * The issue says "owners only": a person who is an `owner` member of the service's owner
 * team. TEMPORARY: sign-in does not exist yet, so there is no person to check. Today the
 * browser session (which acts for the default organization) may, and API tokens may not:
 * they are CI credentials, not people. When sign-in lands, replace the body with a
 * membership check (the session's person → TeamMembership role "owner" in
 * `service.ownerTeamSlug`); callers stay as they are.
 */
export function canEditSlos(
  _organization: { id: string },
  _service: { slug: string; ownerTeamSlug: string | null },
  actor: TActor,
): boolean {
  return actor.kind === "session";
}
