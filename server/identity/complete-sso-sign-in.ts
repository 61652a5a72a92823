import { findOrCreatePersonByEmail, setSessionActiveOrganization, upsertOrganizationMember } from "./identity-accounts.repository.ts";
import { findOrganizationBySlug } from "./identity-organizations.repository.ts";
import type { TSignedInSession } from "./get-signed-in-session.ts";
import { ssoProviderId } from "./sso-provider-id.ts";
import { findOidcIntegrationIds, userHasAccountFrom } from "./identity-sso.repository.ts";

/**
 * After an organization's IdP signed the user in: a user whose account comes from that
 * organization's OIDC provider joins it (as a member; admins promote) and switches to it.
 * A session from any other sign-in method joins nothing.
 */
export async function completeSsoSignIn(session: TSignedInSession, organizationSlug: string): Promise<boolean> {
  const organization = await findOrganizationBySlug(organizationSlug);
  if (!organization) return false;
  const providerIds = (await findOidcIntegrationIds(organization.id)).map(ssoProviderId);
  if (!(await userHasAccountFrom(session.userId, providerIds))) return false;
  await upsertOrganizationMember(organization.id, session.userId, "member");
  await findOrCreatePersonByEmail(organization.id, session.email, session.name);
  await setSessionActiveOrganization(session.sessionId, session.userId, organization.id);
  return true;
}

/** The provider id to start an organization's single sign-on with, or null when it has none. */
export async function findSsoProviderId(organizationSlug: string): Promise<string | null> {
  const organization = await findOrganizationBySlug(organizationSlug);
  if (!organization) return null;
  const [integrationId] = await findOidcIntegrationIds(organization.id);
  return integrationId ? ssoProviderId(integrationId) : null;
}
