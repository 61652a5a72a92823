import type { TActor } from "./actor.ts";

/**
 * May `actor` create and revoke API tokens of `organization`? TEMPORARY like
 * canManagePolicies: every browser session may until sign-in lands; a token may never
 * mint or revoke tokens.
 */
export function canManageApiTokens(actor: TActor, _organization: { id: string }): boolean {
  return actor.kind === "session";
}
