import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as completeSso } from "@/app/sso/complete/route.ts";
import { findMemberRole, findUserIdByEmail } from "./identity-accounts.repository.ts";
import { resolveUserActor } from "./resolve-user-actor.ts";
import { saveIntegration } from "@/server/integrations/manage-integrations.ts";
import { upsertOrganization } from "./identity-organizations.repository.ts";
import { createSignedInMember, TEST_ORIGIN } from "@/server/testing/test-accounts.ts";
import { openTestDatabase } from "@/server/testing/test-databases.ts";
import { getAuth } from "./auth.ts";
import { getSignedInSession } from "./get-signed-in-session.ts";
import { ssoProviderId } from "./sso-providers.ts";

// An organization's OpenID Connect single sign-on, end to end through better-auth's real
// handler against a small fake IdP (discovery, authorize, token, userinfo): the IdP's
// user lands signed in, joins that organization, and only that one.

const IDP_USER = { sub: "idp-user-42", email: "sso.user@corp.test", name: "Sso User", email_verified: true };

function startFakeIdp(): Promise<{ url: string; close: () => Promise<void>; tokenRequests: string[] }> {
  const tokenRequests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://idp");
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const json = (body: unknown) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (url.pathname === "/.well-known/openid-configuration") {
      return json({ issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, userinfo_endpoint: `${issuer}/userinfo` });
    }
    if (url.pathname === "/authorize") {
      const back = new URL(url.searchParams.get("redirect_uri") ?? "");
      back.searchParams.set("code", "code-1");
      back.searchParams.set("state", url.searchParams.get("state") ?? "");
      return res.writeHead(302, { location: back.toString() }).end();
    }
    if (url.pathname === "/token") {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        tokenRequests.push(body);
        json({ access_token: "idp-access-token", token_type: "Bearer", expires_in: 3600 });
      });
      return;
    }
    if (url.pathname === "/userinfo") return json(IDP_USER);
    res.writeHead(404).end();
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, tokenRequests, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

const cookiesOf = (response: Response) => response.headers.getSetCookie().map((header) => header.split(";")[0] ?? "").filter(Boolean);
const mergeCookies = (...lists: string[][]) => {
  const jar = new Map<string, string>();
  for (const pair of lists.flat()) jar.set(pair.split("=")[0] ?? "", pair);
  return [...jar.values()].join("; ");
};

describe("OIDC single sign-on per organization", () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let idp: Awaited<ReturnType<typeof startFakeIdp>>;
  let org: { id: string; slug: string };
  let other: { id: string };

  beforeAll(async () => {
    db = await openTestDatabase("pglite");
    idp = await startFakeIdp();
    org = await upsertOrganization("corp", "Corp");
    other = await upsertOrganization("elsewhere", "Elsewhere");
    const admin = await createSignedInMember(org.id, { role: "admin" });
    const session = await getSignedInSession(new Headers({ cookie: admin.cookie }));
    const context = session ? await resolveUserActor(session) : null;
    if (context?.kind !== "member") throw new Error("no admin");
    await saveIntegration(org.id, context.actor, { kind: "oidc", name: "okta", config: { issuer: idp.url, clientId: "plumbline" }, secret: "idp-client-secret" });
  });
  afterAll(async () => {
    await idp?.close();
    await db?.close();
  });

  it("signs the IdP's user in and makes them a member of that organization only", async () => {
    const auth = await getAuth();
    const started = await auth.handler(
      new Request(`${TEST_ORIGIN}/api/auth/sign-in/social`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: TEST_ORIGIN },
        body: JSON.stringify({ provider: ssoProviderId("corp", "okta"), callbackURL: "/sso/complete?organization=corp" }),
      }),
    );
    expect(started.status, await started.clone().text()).toBe(200);
    const { url } = (await started.json()) as { url: string };
    expect(url.startsWith(`${idp.url}/authorize`)).toBe(true);
    const stateCookies = cookiesOf(started);

    const authorized = await fetch(url, { redirect: "manual" });
    const callback = authorized.headers.get("location") ?? "";
    expect(callback).toContain(`/api/auth/callback/${ssoProviderId("corp", "okta")}`);

    const finished = await auth.handler(new Request(callback, { headers: { cookie: mergeCookies(stateCookies) } }));
    expect(finished.status, await finished.clone().text()).toBe(302);
    expect(finished.headers.get("location")).toContain("/sso/complete?organization=corp");
    expect(idp.tokenRequests[0]).toContain("code=code-1");
    const sessionCookie = mergeCookies(cookiesOf(finished));

    const completed = await completeSso(new Request(`${TEST_ORIGIN}/sso/complete?organization=corp`, { headers: { cookie: sessionCookie } }));
    expect(completed.status).toBe(303);
    expect(new URL(completed.headers.get("location") ?? "").pathname).toBe("/");
    const userId = await findUserIdByEmail(IDP_USER.email);
    if (!userId) throw new Error("the IdP's user was not created");
    expect(await findMemberRole(org.id, userId)).toBe("member");

    // The same session cannot use the IdP of one organization to join another.
    const elsewhere = await completeSso(new Request(`${TEST_ORIGIN}/sso/complete?organization=elsewhere`, { headers: { cookie: sessionCookie } }));
    expect(new URL(elsewhere.headers.get("location") ?? "").pathname).toBe("/onboarding");
    expect(await findMemberRole(other.id, userId)).toBeNull();
  });

  it("a password sign-in does not join an organization through its SSO completion page", async () => {
    const outsider = await createSignedInMember(other.id, { role: "member" });
    const response = await completeSso(new Request(`${TEST_ORIGIN}/sso/complete?organization=corp`, { headers: { cookie: outsider.cookie } }));
    expect(new URL(response.headers.get("location") ?? "").pathname).toBe("/onboarding");
    expect(await findMemberRole(org.id, outsider.userId)).toBeNull();
  });
});
