import { describe, expect, it } from "vitest";
import { integrationIdOfSsoProvider, ssoCallbackPath, ssoProviderId } from "./sso-provider-id.ts";

describe("ssoProviderId", () => {
  it("names the integration, so organization 'acme' + IdP 'prod-okta' and 'acme-prod' + 'okta' never share a provider", () => {
    // Before: `sso-${slug}-${name}` gave both "sso-acme-prod-okta".
    const acmeProdOkta = ssoProviderId("5b0f7c1e-0000-4000-8000-000000000001");
    const acmeProdSlashOkta = ssoProviderId("5b0f7c1e-0000-4000-8000-000000000002");
    expect(acmeProdOkta).not.toBe(acmeProdSlashOkta);
  });

  it("reads back the integration id it was made from", () => {
    const id = "5b0f7c1e-0000-4000-8000-000000000001";
    expect(integrationIdOfSsoProvider(ssoProviderId(id))).toBe(id);
    expect(ssoCallbackPath(id)).toBe(`/api/auth/callback/sso-${id}`);
  });

  it.each([undefined, "", "sso-", "credential", "google", "xsso-abc"])("names no integration for %j", (providerId) => {
    expect(integrationIdOfSsoProvider(providerId)).toBeNull();
  });
});
