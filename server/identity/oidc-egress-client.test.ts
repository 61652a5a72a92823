import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "@/server/config/parse-config.ts";
import { createEgressFetch } from "@/server/http/egress-connect.ts";
import { readEgressPolicy } from "@/server/http/egress-settings.ts";
import { discoverOidcEndpoints, egressCheckedOidcCalls, OidcProviderError } from "./oidc-egress-client.ts";

const endpoints = { authorizationEndpoint: "https://idp.example/authorize", tokenEndpoint: "https://idp.example/token", userinfoEndpoint: "https://idp.example/userinfo" };

function recordingFetch(answer: (url: string, init: RequestInit | undefined) => Response) {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    calls.push({ url: String(input), init });
    return answer(String(input), init);
  };
  return { calls, fetchImpl };
}

describe("egressCheckedOidcCalls", () => {
  it("exchanges the code with PKCE and the client's credentials, and reads the tokens", async () => {
    const { calls, fetchImpl } = recordingFetch(() => Response.json({ access_token: "at", token_type: "Bearer", expires_in: 3600, id_token: "it", scope: "openid email" }));
    const oidc = egressCheckedOidcCalls(endpoints, { clientId: "client", clientSecret: "secret" }, fetchImpl, () => new Date("2026-12-04T12:00:00Z"));
    const tokens = await oidc.getToken?.({ code: "c1", redirectURI: "https://plumbline.example/api/auth/oauth2/callback/sso-1", codeVerifier: "v1" });
    expect(tokens).toMatchObject({ accessToken: "at", idToken: "it", tokenType: "Bearer", scopes: ["openid", "email"], accessTokenExpiresAt: new Date("2026-12-04T13:00:00Z") });
    expect(calls[0]?.url).toBe("https://idp.example/token");
    expect(Object.fromEntries(new URLSearchParams(String(calls[0]?.init?.body)))).toEqual({
      grant_type: "authorization_code",
      code: "c1",
      redirect_uri: "https://plumbline.example/api/auth/oauth2/callback/sso-1",
      client_id: "client",
      client_secret: "secret",
      code_verifier: "v1",
    });
  });

  it("maps userinfo to the profile better-auth keys the account by (sub), email_verified as OIDC says", async () => {
    const { calls, fetchImpl } = recordingFetch(() => Response.json({ sub: "u-1", email: "alice@acme.example", email_verified: true, name: "Alice" }));
    const profile = await egressCheckedOidcCalls(endpoints, { clientId: "c", clientSecret: "s" }, fetchImpl).getUserInfo?.({ accessToken: "at" });
    expect(profile).toMatchObject({ id: "u-1", sub: "u-1", email: "alice@acme.example", emailVerified: true, name: "Alice" });
    expect(new Headers(calls[0]?.init?.headers).get("authorization")).toBe("Bearer at");
  });

  it.each([
    ["an error status", () => new Response("<html>internal stack trace</html>", { status: 500 }), /HTTP 500/],
    ["a token answer without an access token", () => Response.json({ error: "invalid_grant" }), /without an access token/],
  ])("refuses %s in its own words, never the IdP's body", async (_case, answer, message) => {
    const { fetchImpl } = recordingFetch(answer);
    const error = await egressCheckedOidcCalls(endpoints, { clientId: "c", clientSecret: "s" }, fetchImpl)
      .getToken?.({ code: "c", redirectURI: "https://x.example/cb" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OidcProviderError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain("stack trace");
  });
});

describe("OIDC requests go through the egress policy", () => {
  // A listener on loopback standing for an internal service; an "IdP" on another loopback address redirects to it.
  let internal: http.Server;
  let redirecting: http.Server;
  let hits = 0;
  let internalUrl = "";
  let redirectingUrl = "";

  beforeAll(async () => {
    internal = http.createServer((_req, res) => {
      hits += 1;
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
    await new Promise<void>((resolve) => internal.listen(0, "127.0.0.1", resolve));
    internalUrl = `http://127.0.0.1:${(internal.address() as { port: number }).port}`;
    redirecting = http.createServer((_req, res) => res.writeHead(302, { location: `${internalUrl}/.well-known/openid-configuration` }).end());
    await new Promise<void>((resolve) => redirecting.listen(0, "127.0.0.2", resolve));
    redirectingUrl = `http://127.0.0.2:${(redirecting.address() as { port: number }).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => internal.close(resolve));
    await new Promise((resolve) => redirecting.close(resolve));
  });

  const saas = parseConfig(saasEnv());

  it("refuses discovery at a loopback issuer, and a redirect from an allowed IdP to loopback, sending nothing there", async () => {
    const strict = readEgressPolicy(saas);
    // The redirecting IdP itself is allowed (listed), its redirect target is not.
    const onlyTheIdp = readEgressPolicy(parseConfig({ ...saasEnv(), PLUMBLINE_EGRESS_ALLOW: "127.0.0.2/32" }));
    await expect(discoverOidcEndpoints(internalUrl, createEgressFetch({ policy: () => strict }))).rejects.toThrow();
    await expect(discoverOidcEndpoints(redirectingUrl, createEgressFetch({ policy: () => onlyTheIdp }))).rejects.toThrow();
    expect(hits).toBe(0);
  });

  it("reaches it when PLUMBLINE_EGRESS_ALLOW lists it (the control)", async () => {
    const listed = readEgressPolicy(parseConfig({ ...saasEnv(), PLUMBLINE_EGRESS_ALLOW: "127.0.0.1/32" }));
    await expect(discoverOidcEndpoints(internalUrl, createEgressFetch({ policy: () => listed }))).rejects.toThrow(/lacks authorization/);
    expect(hits).toBe(1);
  });
});

function saasEnv(): Record<string, string> {
  return { DATABASE_URL: "postgres://db.internal/plumbline", PLUMBLINE_AUTH_SECRET: "x".repeat(40), PLUMBLINE_DEMO: "0" };
}
