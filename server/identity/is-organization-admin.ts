import type { TActor } from "./actor.ts";

/**
 * Admins manage the organization: API tokens, deploy policies, integrations and members.
 * API tokens never do: a CI credential that could mint tokens or rewrite the policy could
 * wave its own deploys through the gate.
 */
export function isOrganizationAdmin(actor: TActor): boolean {
  return actor.kind === "user" && actor.role === "admin";
}
