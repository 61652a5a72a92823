import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveIntegration } from "@/server/integrations/manage-integrations.ts";
import { captureLogLines } from "@/server/logger.ts";
import { startFakeIdp, type TFakeIdp } from "@/server/testing/fake-oidc-idp.ts";
import { serveSignInRoutes, type TSignInServer } from "@/server/testing/serve-sign-in-routes.ts";
import { createSignedInMember } from "@/server/testing/test-accounts.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { findMemberRole, findOrganizationsOfUser, findUserIdByEmail, upsertOrganizationMember } from "./identity-accounts.repository.ts";
import { upsertOrganization } from "./identity-organizations.repository.ts";
import { userHasAccountFrom } from "./identity-sso.repository.ts";
import { findSsoProviderId } from "./complete-sso-sign-in.ts";
import { getSignedInSession } from "./get-signed-in-session.ts";
import { resolveUserActor } from "./resolve-user-actor.ts";
import { loadSsoProviders } from "./sso-providers.ts";

// Organizations' OpenID Connect single sign-on, end to end over real HTTP: the app's own
// route handlers (better-auth's endpoints, /sso/complete) on loopback, fake IdPs on
// loopback, and a browser's redirects and cookies. An organization's IdP signs in the
// people it may vouch for and no one else: above all, an IdP one organization's admin
// configured cannot sign anyone in as another organization's user by claiming their email.

const ALICE = { sub: "corp-alice", email: "alice@corp.test", name: "Alice", email_verified: true };

/** A browser's cookies for one site. */
class CookieJar {
  private readonly pairs = new Map<string, string>();
  take(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const pair = header.split(";")[0] ?? "";
      const name = pair.split("=")[0] ?? "";
      if (!name) continue;
      if (/max-age=0/i.test(header) || pair === `${name}=`) this.pairs.delete(name);
      else this.pairs.set(name, pair);
    }
  }
  header(): string {
    return [...this.pairs.values()].join("; ");
  }
}

describe.each(TEST_DATABASE_KINDS)("OIDC single sign-on per organization (%s)", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let app: TSignInServer;
  let corpIdp: TFakeIdp;
  let rivalIdp: TFakeIdp;
  let corp: { id: string; slug: string };
  let rival: { id: string; slug: string };
  let elsewhere: { id: string };

  async function saveOidc(organizationId: string, name: string, issuer: string) {
    const admin = await createSignedInMember(organizationId, { role: "admin" });
    const session = await getSignedInSession(new Headers({ cookie: admin.cookie }));
    const context = session ? await resolveUserActor(session) : null;
    if (context?.kind !== "member") throw new Error("no admin");
    await saveIntegration(organizationId, context.actor, { kind: "oidc", name, config: { issuer, clientId: "plumbline" }, secret: "idp-client-secret" });
  }

  /**
   * A browser signs in with an organization's SSO (as the sign-in page starts it) and
   * follows every redirect through the IdP and back until it reaches a page: where it
   * landed and its cookies.
   */
  async function ssoSignIn(organizationSlug: string): Promise<{ landed: URL; jar: CookieJar }> {
    const jar = new CookieJar();
    const provider = await findSsoProviderId(organizationSlug);
    if (!provider) throw new Error(`no SSO for ${organizationSlug}`);
    const started = await fetch(`${app.url}/api/auth/sign-in/social`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: app.url },
      body: JSON.stringify({ provider, callbackURL: `/sso/complete?organization=${organizationSlug}`, errorCallbackURL: "/sign-in" }),
    });
    expect(started.status, await started.clone().text()).toBe(200);
    jar.take(started);
    let next = new URL(((await started.json()) as { url: string }).url);
    for (let hop = 0; hop < 10; hop += 1) {
      const isApp = next.origin === app.url;
      // The test server serves only the sign-in routes; any other page of the app is where the browser lands.
      if (isApp && !next.pathname.startsWith("/api/auth/") && next.pathname !== "/sso/complete") return { landed: next, jar };
      const response = await fetch(next, { redirect: "manual", headers: isApp ? { cookie: jar.header() } : {} });
      if (isApp) jar.take(response);
      const location = response.headers.get("location");
      if (!location) throw new Error(`${next.pathname} answered ${response.status} without a redirect: ${await response.text()}`);
      next = new URL(location, next);
    }
    throw new Error("too many redirects");
  }

  async function sessionUserOf(jar: CookieJar): Promise<{ email: string } | null> {
    const response = await fetch(`${app.url}/api/auth/get-session`, { headers: { cookie: jar.header() } });
    const body = (await response.json()) as { user?: { email: string } } | null;
    return body?.user ?? null;
  }

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    [corpIdp, rivalIdp, app] = await Promise.all([startFakeIdp({ ...ALICE }), startFakeIdp({ ...ALICE, sub: "unused" }), serveSignInRoutes()]);
    corp = await upsertOrganization("corp", "Corp");
    rival = await upsertOrganization("rival", "Rival");
    elsewhere = await upsertOrganization("elsewhere", "Elsewhere");
    await saveOidc(corp.id, "okta", corpIdp.url);
    await saveOidc(rival.id, "okta", rivalIdp.url);
  });
  afterAll(async () => {
    await Promise.all([corpIdp?.close(), rivalIdp?.close(), app?.close()]);
    await db?.close();
  });

  it("signs the IdP's user in and makes them a member of that organization only", async () => {
    const { landed, jar } = await ssoSignIn("corp");
    expect(landed.pathname).toBe("/");
    expect(corpIdp.tokenRequests[0]).toContain("code=code-1");
    expect((await sessionUserOf(jar))?.email).toBe(ALICE.email);
    const aliceId = await findUserIdByEmail(ALICE.email);
    if (!aliceId) throw new Error("the IdP's user was not created");
    expect(await findMemberRole(corp.id, aliceId)).toBe("member");

    // The same session cannot use the IdP of one organization to join another.
    const joinElsewhere = await fetch(`${app.url}/sso/complete?organization=elsewhere`, { redirect: "manual", headers: { cookie: jar.header() } });
    expect(new URL(joinElsewhere.headers.get("location") ?? "").pathname).toBe("/onboarding");
    expect(await findMemberRole(elsewhere.id, aliceId)).toBeNull();
  });

  it("refuses another organization's IdP that claims an existing user's verified email: no session as them, no membership", async () => {
    const aliceId = await findUserIdByEmail(ALICE.email);
    if (!aliceId) throw new Error("no Alice");
    const log = captureLogLines();
    // Rival's admin points their OIDC integration at an IdP they control; it says "Alice, verified".
    rivalIdp.user = { sub: "attacker-7", email: ALICE.email, name: "Not Alice", email_verified: true };

    const { landed, jar } = await ssoSignIn("rival");
    log.stop();

    expect(landed.pathname).toBe("/sign-in");
    expect(landed.searchParams.get("error")).toBe("sso_account_not_vouched");
    expect(await sessionUserOf(jar)).toBeNull();
    expect((await findOrganizationsOfUser(aliceId)).map((organization) => organization.slug)).toEqual(["corp"]);
    const rivalProvider = await findSsoProviderId("rival");
    expect(await userHasAccountFrom(aliceId, rivalProvider ? [rivalProvider] : [])).toBe(false);
    // The refusal is logged, with ids (never the claimed email).
    const refusal = log.lines.find((line) => line.includes("SSO sign-in refused"));
    expect(refusal).toContain(aliceId);
    expect(refusal).not.toContain(ALICE.email);
  });

  it("still signs the user in through their own organization's IdP afterwards", async () => {
    const { landed, jar } = await ssoSignIn("corp");
    expect(landed.pathname).toBe("/");
    expect((await sessionUserOf(jar))?.email).toBe(ALICE.email);
  });

  it("a new person from the other organization's IdP becomes a user of that organization only", async () => {
    rivalIdp.user = { sub: "rival-bob", email: "bob@rival.test", name: "Bob", email_verified: true };
    const { landed, jar } = await ssoSignIn("rival");
    expect(landed.pathname).toBe("/");
    expect((await sessionUserOf(jar))?.email).toBe("bob@rival.test");
    const bobId = await findUserIdByEmail("bob@rival.test");
    if (!bobId) throw new Error("Bob was not created");
    expect((await findOrganizationsOfUser(bobId)).map((organization) => organization.slug)).toEqual(["rival"]);
  });

  it("lets a signed-in user link another organization's IdP to their own account explicitly", async () => {
    const aliceId = await findUserIdByEmail(ALICE.email);
    if (!aliceId) throw new Error("no Alice");
    const { jar } = await ssoSignIn("corp");
    const rivalProvider = await findSsoProviderId("rival");
    rivalIdp.user = { sub: "rival-alice-linked", email: ALICE.email, name: "Alice", email_verified: true };
    const started = await fetch(`${app.url}/api/auth/link-social`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: app.url, cookie: jar.header() },
      body: JSON.stringify({ provider: rivalProvider, callbackURL: "/settings", errorCallbackURL: "/sign-in" }),
    });
    expect(started.status, await started.clone().text()).toBe(200);
    jar.take(started);
    const authorized = await fetch(((await started.json()) as { url: string }).url, { redirect: "manual" });
    const callback = await fetch(new URL(authorized.headers.get("location") ?? ""), { redirect: "manual", headers: { cookie: jar.header() } });
    expect(new URL(callback.headers.get("location") ?? "", app.url).pathname).toBe("/settings");
    expect(await userHasAccountFrom(aliceId, rivalProvider ? [rivalProvider] : [])).toBe(true);
    // Linking joins nothing by itself.
    expect(await findMemberRole(rival.id, aliceId)).toBeNull();
  });

  it("links an IdP identity to an existing user who already belongs to the IdP's organization", async () => {
    const aliceId = await findUserIdByEmail(ALICE.email);
    if (!aliceId) throw new Error("no Alice");
    // Rival invited Alice and she joined; now Rival's IdP vouching for her email is Rival's call.
    await upsertOrganizationMember(rival.id, aliceId, "member");
    rivalIdp.user = { sub: "rival-alice", email: ALICE.email, name: "Alice", email_verified: true };
    const { landed, jar } = await ssoSignIn("rival");
    expect(landed.pathname).toBe("/");
    expect((await sessionUserOf(jar))?.email).toBe(ALICE.email);
    expect((await findOrganizationsOfUser(aliceId)).map((organization) => organization.slug).sort()).toEqual(["corp", "rival"]);
  });

  it("a password sign-in does not join an organization through its SSO completion page", async () => {
    const outsider = await createSignedInMember(elsewhere.id, { role: "member" });
    const response = await fetch(`${app.url}/sso/complete?organization=corp`, { redirect: "manual", headers: { cookie: outsider.cookie } });
    expect(new URL(response.headers.get("location") ?? "").pathname).toBe("/onboarding");
    expect(await findMemberRole(corp.id, outsider.userId)).toBeNull();
  });

  it("gives organization 'acme' with IdP 'prod-okta' and 'acme-prod' with IdP 'okta' different sign-in providers", async () => {
    const acme = await upsertOrganization("acme", "Acme");
    const acmeProd = await upsertOrganization("acme-prod", "Acme Prod");
    await saveOidc(acme.id, "prod-okta", corpIdp.url);
    await saveOidc(acmeProd.id, "okta", rivalIdp.url);
    const [acmeProvider, acmeProdProvider] = [await findSsoProviderId("acme"), await findSsoProviderId("acme-prod")];
    expect(acmeProvider).not.toBeNull();
    expect(acmeProvider).not.toBe(acmeProdProvider);
    const ids = (await loadSsoProviders()).providers.map((provider) => provider.providerId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
