import type { GenericOAuthConfig } from "better-auth/plugins/generic-oauth";
import { z } from "zod";
import { assertEgressAllowedUrl, createEgressFetch } from "@/server/http/egress-connect.ts";
import { EgressRefusedError } from "@/server/http/egress-policy.ts";
import { logger } from "@/server/logger.ts";
import { openSecret } from "@/server/integrations/secret-box.ts";
import { findOidcIntegrationsOfAllOrganizations, type TOidcIntegrationRow } from "./identity-sso.repository.ts";
import { ssoProviderId } from "./sso-provider-id.ts";
import { discoverOidcEndpoints, egressCheckedOidcCalls, OidcProviderError, type TOidcEndpoints } from "./oidc-egress-client.ts";

const ZOidcConfig = z.object({ issuer: z.string().url(), clientId: z.string().min(1) });

export interface TSsoProviders {
  providers: GenericOAuthConfig[];
  /** Integrations whose IdP could not be asked for its endpoints just now (down, unreachable): worth asking again soon. */
  unreachable: number;
}

/**
 * One better-auth generic OAuth provider per organization's OIDC integration. Every
 * request to an IdP (discovery, code exchange, userinfo, and any redirect among them)
 * goes through the egress-checked fetch: the IdP is tenant-configured.
 */
export async function loadSsoProviders(options: { fetch?: typeof fetch } = {}): Promise<TSsoProviders> {
  const rows = await findOidcIntegrationsOfAllOrganizations();
  const fetchImpl = options.fetch ?? createEgressFetch();
  // Every IdP at once: one slow or unreachable IdP must not hold up the others' sign-ins.
  const loaded = await Promise.all(rows.map((row) => loadProvider(row, fetchImpl)));
  return {
    providers: loaded.flatMap((result) => (result.kind === "ready" ? [result.provider] : [])),
    unreachable: loaded.filter((result) => result.kind === "unreachable").length,
  };
}

async function loadProvider(row: TOidcIntegrationRow, fetchImpl: typeof fetch): Promise<{ kind: "ready"; provider: GenericOAuthConfig } | { kind: "off" | "unreachable" }> {
  const config = ZOidcConfig.safeParse(row.config);
  if (!config.success || !row.secretCiphertext) {
    logger.warn({ organization: row.organizationSlug, integration: row.name }, "OIDC integration incomplete; its sign-in is off");
    return { kind: "off" };
  }
  const refusal = await egressRefusalOf(config.data.issuer);
  if (refusal !== null) {
    logger.warn({ organization: row.organizationSlug, integration: row.name, reason: refusal }, "OIDC issuer not allowed by the egress policy; its sign-in is off");
    return { kind: "off" };
  }
  let endpoints: TOidcEndpoints;
  try {
    endpoints = await discoverOidcEndpoints(config.data.issuer, fetchImpl);
  } catch (error) {
    logger.warn({ organization: row.organizationSlug, integration: row.name, reason: describeOidcFailure(error) }, "OIDC discovery failed; its sign-in is off until the IdP answers");
    return { kind: "unreachable" };
  }
  const clientSecret = await openSecret(row.secretCiphertext);
  return {
    kind: "ready",
    provider: {
      providerId: ssoProviderId(row.id),
      name: `${row.organizationSlug} single sign-on`,
      clientId: config.data.clientId,
      clientSecret,
      ...egressCheckedOidcCalls(endpoints, { clientId: config.data.clientId, clientSecret }, fetchImpl),
      scopes: ["openid", "email", "profile"],
      // The OIDC subject identifies the account (never the email, which an IdP may reassign).
      accountSubject: ({ profile }) => String(profile.sub ?? ""),
      pkce: true,
    },
  };
}

/** Our words for a failed discovery: its own error, the egress refusal, or fetch's cause code; never the IdP's body. */
function describeOidcFailure(error: unknown): string {
  if (error instanceof OidcProviderError) return error.message;
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof EgressRefusedError) return cause.message;
  const code = cause && typeof cause === "object" && "code" in cause ? String(cause.code) : undefined;
  return code ?? (error instanceof Error ? error.name : "unknown error");
}

/** The egress policy's refusal of an issuer, or null (a name that does not resolve is left to discovery to fail). */
async function egressRefusalOf(issuer: string): Promise<string | null> {
  try {
    await assertEgressAllowedUrl(issuer);
    return null;
  } catch (error) {
    return error instanceof EgressRefusedError ? error.message : null;
  }
}
