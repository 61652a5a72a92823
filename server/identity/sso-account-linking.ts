import type { ValidateUserInfoResult, ValidateUserInfoSource } from "better-auth";
import { getOAuthState } from "better-auth/api";
import { logger } from "@/server/logger.ts";
import { findMemberRole } from "./identity-accounts.repository.ts";
import { findOrganizationIdOfOidcIntegration } from "./identity-sso.repository.ts";
import { integrationIdOfSsoProvider } from "./sso-provider-id.ts";

/** The code the sign-in page turns into its message (app/sign-in/sign-in-errors.ts). */
export const SSO_ACCOUNT_NOT_VOUCHED = "sso_account_not_vouched";

/**
 * better-auth's `user.validateUserInfo` gate, for the one case that matters here: an IdP
 * identity about to be attached to an EXISTING user ("link-account"). better-auth would
 * link on a verified email alone, but every organization's admin chooses their own IdP
 * and an IdP can claim any email: an identity is linked only when the IdP belongs to an
 * organization the user is already a member of (that organization vouches for its
 * people), or when the signed-in user linked it explicitly (linkSocial; better-auth has
 * checked that their session is live and the emails match). New users ("create-user")
 * and returning identities ("sign-in") pass: a new user joins only the IdP's
 * organization (completeSsoSignIn), and a returning identity was admitted when linked.
 *
 * User.email is unique, so a refused person cannot get a second user either: they are
 * told to sign in the way they did before (and be invited, or link the IdP themselves).
 */
export async function vouchForLinkedIdentity(data: { user: { id?: unknown }; source: ValidateUserInfoSource }): Promise<ValidateUserInfoResult | undefined> {
  const { user, source } = data;
  if (source.action !== "link-account") return undefined;
  const providerId = source.oauth?.providerId ?? source.sso?.providerId;
  const userId = typeof user.id === "string" ? user.id : null;
  // Explicit linking by the signed-in user: the state carries who started it (server-set, not client input).
  const state = await getOAuthState();
  if (userId && state?.link?.userId === userId) return undefined;
  const integrationId = integrationIdOfSsoProvider(providerId);
  const organizationId = integrationId ? await findOrganizationIdOfOidcIntegration(integrationId) : null;
  if (userId && organizationId && (await findMemberRole(organizationId, userId))) return undefined;
  // Only ids: the email is what the IdP claimed, and that is the suspicious part.
  logger.warn(
    { area: "auth", providerId, organizationId, userId },
    "SSO sign-in refused: the identity provider claimed the email of an existing user it is not vouched for (the user is not a member of its organization)",
  );
  return {
    error: SSO_ACCOUNT_NOT_VOUCHED,
    errorDescription: "This email already has a Plumbline account that this identity provider does not vouch for.",
  };
}
