import type { GenericOAuthConfig } from "better-auth/plugins/generic-oauth";
import { z } from "zod";

// Short: discovery runs while sign-in providers load, and an unreachable IdP is asked again later.
const REQUEST_TIMEOUT_MS = 5_000;

const ZDiscovery = z.object({
  authorization_endpoint: z.string().url(),
  token_endpoint: z.string().url(),
  userinfo_endpoint: z.string().url(),
});

const ZTokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  refresh_token: z.string().optional(),
  id_token: z.string().optional(),
  expires_in: z.coerce.number().positive().optional(),
  scope: z.string().optional(),
});

const ZUserInfo = z.object({ sub: z.union([z.string(), z.number()]) }).catchall(z.unknown());

export interface TOidcEndpoints {
  authorizationEndpoint: string;
  tokenEndpoint: string;
  userinfoEndpoint: string;
}

/** An identity provider answered something other than what OIDC says; the message is ours, never its body. */
export class OidcProviderError extends Error {
  override name = "OidcProviderError";
}

/**
 * Reads an issuer's discovery document through `fetchImpl` (the egress-checked fetch:
 * an organization's IdP is tenant-configured, so every request to it, and every redirect
 * it answers with, is checked against the egress policy).
 */
export async function discoverOidcEndpoints(issuer: string, fetchImpl: typeof fetch): Promise<TOidcEndpoints> {
  const url = `${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;
  const response = await fetchImpl(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  if (!response.ok) throw new OidcProviderError(`discovery answered HTTP ${response.status}`);
  const parsed = ZDiscovery.safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new OidcProviderError("the discovery document lacks authorization, token or userinfo endpoints");
  return {
    authorizationEndpoint: parsed.data.authorization_endpoint,
    tokenEndpoint: parsed.data.token_endpoint,
    userinfoEndpoint: parsed.data.userinfo_endpoint,
  };
}

/**
 * The parts of a better-auth generic OAuth provider that talk to the IdP from the server,
 * done through `fetchImpl` instead of better-auth's own fetch (which no egress rule
 * reaches): the code exchange (with PKCE) and userinfo. The browser alone visits the
 * authorization endpoint. The account is keyed by the userinfo `sub`.
 */
export function egressCheckedOidcCalls(
  endpoints: TOidcEndpoints,
  client: { clientId: string; clientSecret: string },
  fetchImpl: typeof fetch,
  now: () => Date = () => new Date(),
): Pick<GenericOAuthConfig, "authorizationUrl" | "tokenUrl" | "userInfoUrl" | "getToken" | "getUserInfo"> {
  return {
    authorizationUrl: endpoints.authorizationEndpoint,
    tokenUrl: endpoints.tokenEndpoint,
    userInfoUrl: endpoints.userinfoEndpoint,
    async getToken({ code, redirectURI, codeVerifier }) {
      const body = new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirectURI, client_id: client.clientId, client_secret: client.clientSecret });
      if (codeVerifier) body.set("code_verifier", codeVerifier);
      const response = await fetchImpl(endpoints.tokenEndpoint, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body: body.toString(),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      if (!response.ok) throw new OidcProviderError(`the token endpoint answered HTTP ${response.status}`);
      const raw: unknown = await response.json().catch(() => null);
      const parsed = ZTokenResponse.safeParse(raw);
      if (!parsed.success) throw new OidcProviderError("the token endpoint answered without an access token");
      const tokens = parsed.data;
      return {
        tokenType: tokens.token_type,
        accessToken: tokens.access_token,
        refreshToken: tokens.refresh_token,
        idToken: tokens.id_token,
        accessTokenExpiresAt: tokens.expires_in === undefined ? undefined : new Date(now().getTime() + tokens.expires_in * 1000),
        scopes: tokens.scope?.split(" ").filter(Boolean),
        raw: raw as Record<string, unknown>,
      };
    },
    async getUserInfo(tokens) {
      if (!tokens.accessToken) return null;
      const response = await fetchImpl(endpoints.userinfoEndpoint, {
        headers: { authorization: `Bearer ${tokens.accessToken}`, accept: "application/json" },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      if (!response.ok) throw new OidcProviderError(`the userinfo endpoint answered HTTP ${response.status}`);
      const parsed = ZUserInfo.safeParse(await response.json().catch(() => null));
      if (!parsed.success) throw new OidcProviderError("the userinfo answer has no subject (sub)");
      const profile = parsed.data;
      const text = (key: string) => (typeof profile[key] === "string" ? profile[key] : undefined);
      return {
        ...profile,
        sub: profile.sub,
        id: String(profile.sub),
        email: text("email") ?? null,
        // OIDC says boolean; some IdPs send "true".
        emailVerified: profile.email_verified === true || profile.email_verified === "true",
        name: text("name") ?? text("preferred_username"),
        image: text("picture"),
      };
    },
  };
}
