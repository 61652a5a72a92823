import type { TActor } from "./actor.ts";

/**
 * May `actor` change the deploy policies of `organization`? The ONE place that decides it.
 *
 * TEMPORARY: sign-in does not exist yet, so every browser session may (the session already
 * acts for the whole default organization). When sign-in lands, this becomes "is an admin
 * of the organization". API tokens may not: a CI token that could rewrite the policy could
 * wave its own deploys through the gate.
 */
export function canManagePolicies(actor: TActor, _organization: { id: string }): boolean {
  return actor.kind === "session";
}
