import { describe, expect, it, vi } from "vitest";
import type { TOidcIntegrationRow } from "./identity-sso.repository.ts";

const rows: TOidcIntegrationRow[] = [
  { id: "11111111-1111-4111-8111-111111111111", organizationSlug: "acme", name: "prod-okta", config: { issuer: "https://a.example", clientId: "a" }, secretCiphertext: "sealed-a", updatedAt: new Date(0) },
  { id: "22222222-2222-4222-8222-222222222222", organizationSlug: "acme-prod", name: "okta", config: { issuer: "https://b.example", clientId: "b" }, secretCiphertext: "sealed-b", updatedAt: new Date(0) },
];
vi.mock("./identity-sso.repository.ts", () => ({ findOidcIntegrationsOfAllOrganizations: () => Promise.resolve(rows) }));
vi.mock("@/server/integrations/secret-box.ts", () => ({ openSecret: (sealed: string) => Promise.resolve(`opened-${sealed}`) }));

describe("loadSsoProviders", () => {
  it("gives organization 'acme' + IdP 'prod-okta' and 'acme-prod' + IdP 'okta' different provider ids (slug-name ids collided)", async () => {
    const { loadSsoProviders } = await import("./sso-providers.ts");
    const providers = await loadSsoProviders();
    expect(providers.map((provider) => provider.providerId)).toEqual([
      "sso-11111111-1111-4111-8111-111111111111",
      "sso-22222222-2222-4222-8222-222222222222",
    ]);
    expect(providers.map((provider) => provider.discoveryUrl)).toEqual(["https://a.example/.well-known/openid-configuration", "https://b.example/.well-known/openid-configuration"]);
  });
});
