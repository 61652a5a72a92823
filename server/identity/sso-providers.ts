import type { GenericOAuthConfig } from "better-auth/plugins/generic-oauth";
import { z } from "zod";
import { assertEgressAllowedUrl } from "@/server/http/egress-connect.ts";
import { EgressRefusedError } from "@/server/http/egress-policy.ts";
import { logger } from "@/server/logger.ts";
import { openSecret } from "@/server/integrations/secret-box.ts";
import { findOidcIntegrationsOfAllOrganizations } from "./identity-sso.repository.ts";
import { ssoProviderId } from "./sso-provider-id.ts";

const ZOidcConfig = z.object({ issuer: z.string().url(), clientId: z.string().min(1) });

/** One better-auth generic OAuth provider (OIDC discovery) per organization's OIDC integration. */
export async function loadSsoProviders(): Promise<GenericOAuthConfig[]> {
  const rows = await findOidcIntegrationsOfAllOrganizations();
  const providers: GenericOAuthConfig[] = [];
  for (const row of rows) {
    const config = ZOidcConfig.safeParse(row.config);
    if (!config.success || !row.secretCiphertext) {
      logger.warn({ organization: row.organizationSlug, integration: row.name }, "OIDC integration incomplete; its sign-in is off");
      continue;
    }
    // better-auth fetches the discovery document itself (no fetch hook in 1.7.25's generic-oauth):
    // check the issuer against the egress policy before handing it over.
    const refusal = await egressRefusalOf(config.data.issuer);
    if (refusal !== null) {
      logger.warn({ organization: row.organizationSlug, integration: row.name, reason: refusal }, "OIDC issuer not allowed by the egress policy; its sign-in is off");
      continue;
    }
    providers.push({
      providerId: ssoProviderId(row.id),
      name: `${row.organizationSlug} single sign-on`,
      discoveryUrl: `${config.data.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: config.data.clientId,
      clientSecret: await openSecret(row.secretCiphertext),
      scopes: ["openid", "email", "profile"],
      // The OIDC subject identifies the account (never the email, which an IdP may reassign).
      // Explicit: better-auth 1.7.25's default for a discovered provider without a JWKS
      // derived an empty subject from the userinfo profile and refused the sign-in.
      accountSubject: ({ profile }) => String(profile.sub ?? ""),
      pkce: true,
    });
  }
  return providers;
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
