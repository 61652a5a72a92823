const PREFIX = "sso-";

/**
 * The sign-in provider id of an organization's OIDC integration: its integration id,
 * so two organizations can never share one (an id built from slug and name could:
 * `acme` + `prod-okta` and `acme-prod` + `okta`). It is also the last segment of the
 * redirect URI the IdP must allow (`/api/auth/callback/<id>`).
 */
export function ssoProviderId(integrationId: string): string {
  return `${PREFIX}${integrationId}`;
}

/** The integration a provider id names, or null when it names none of ours. */
export function integrationIdOfSsoProvider(providerId: string | undefined): string | null {
  if (!providerId?.startsWith(PREFIX)) return null;
  const id = providerId.slice(PREFIX.length);
  return id.length > 0 ? id : null;
}

/** Where the IdP sends the browser back (the path; the deployment's origin goes in front). */
export function ssoCallbackPath(integrationId: string): string {
  return `/api/auth/callback/${ssoProviderId(integrationId)}`;
}
