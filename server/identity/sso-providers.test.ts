import { describe, expect, it, vi } from "vitest";
import type { TOidcIntegrationRow } from "./identity-sso.repository.ts";

const rows: TOidcIntegrationRow[] = [
  { id: "11111111-1111-4111-8111-111111111111", organizationSlug: "acme", name: "prod-okta", config: { issuer: "https://a.example", clientId: "a" }, secretCiphertext: "sealed-a", updatedAt: new Date(0) },
  { id: "22222222-2222-4222-8222-222222222222", organizationSlug: "acme-prod", name: "okta", config: { issuer: "https://b.example", clientId: "b" }, secretCiphertext: "sealed-b", updatedAt: new Date(0) },
];
vi.mock("./identity-sso.repository.ts", () => ({ findOidcIntegrationsOfAllOrganizations: () => Promise.resolve(rows) }));
vi.mock("@/server/integrations/secret-box.ts", () => ({ openSecret: (sealed: string) => Promise.resolve(`opened-${sealed}`) }));

/** A discovery document per issuer, as an IdP publishes it. */
const discoveryOf: typeof fetch = async (input) => {
  const issuer = new URL(String(input)).origin;
  return Response.json({ issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, userinfo_endpoint: `${issuer}/userinfo` });
};

describe("loadSsoProviders", () => {
  it("gives organization 'acme' + IdP 'prod-okta' and 'acme-prod' + IdP 'okta' different provider ids (slug-name ids collided)", async () => {
    const { loadSsoProviders } = await import("./sso-providers.ts");
    const { providers, unreachable } = await loadSsoProviders({ fetch: discoveryOf });
    expect(unreachable).toBe(0);
    expect(providers.map((provider) => provider.providerId)).toEqual([
      "sso-11111111-1111-4111-8111-111111111111",
      "sso-22222222-2222-4222-8222-222222222222",
    ]);
    expect(providers.map((provider) => provider.tokenUrl)).toEqual(["https://a.example/token", "https://b.example/token"]);
    // better-auth is given no discovery URL: it would fetch it (and the endpoints it names) past the egress policy.
    expect(providers.every((provider) => provider.discoveryUrl === undefined && provider.getToken && provider.getUserInfo)).toBe(true);
  });

  it("leaves out an IdP whose discovery fails, counting it as unreachable", async () => {
    const { loadSsoProviders } = await import("./sso-providers.ts");
    const down: typeof fetch = async (input) => (String(input).startsWith("https://a.example") ? new Response("<html>down</html>", { status: 502 }) : discoveryOf(input));
    const { providers, unreachable } = await loadSsoProviders({ fetch: down });
    expect(providers.map((provider) => provider.providerId)).toEqual(["sso-22222222-2222-4222-8222-222222222222"]);
    expect(unreachable).toBe(1);
  });
});
