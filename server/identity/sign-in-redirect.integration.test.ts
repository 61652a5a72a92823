import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TEST_AUTH_SECRET, type TTestApp } from "@/server/testing/start-test-app.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";

// After signing in, the browser goes to `next`. Over HTTP against the real product (the
// sign-in page redirects a signed-in visitor to it server-side): whatever `next` says,
// the browser stays on the site. `new URL(location, app)` resolves the Location header
// the way a browser does (WHATWG: tab and newline dropped, "\" read as "/").

const ADMIN = { email: "admin@sign-in-redirect.test", password: "sign-in-redirect-password" };

/** Where the response sends the browser: its Location, or the URL of Next's in-page redirect when the page had started streaming. */
async function redirectTarget(response: Response): Promise<string | null> {
  const location = response.headers.get("location");
  if (location !== null) return location;
  const html = await response.text();
  const meta = /<meta[^>]*http-equiv="refresh"[^>]*content="\d+;url=([^"]*)"/i.exec(html);
  return meta?.[1]?.replaceAll("&amp;", "&") ?? null;
}

describe.each(TEST_DATABASE_KINDS)("sign-in redirects over HTTP (%s)", (kind) => {
  let app: TTestApp;
  let db: Awaited<ReturnType<typeof openTestDatabase>> | null = null;
  let tmp: string;
  let cookie: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plumbline-sign-in-redirect-"));
    let database: Record<string, string>;
    if (kind === "postgres") {
      db = await openTestDatabase("postgres");
      database = { DATABASE_URL: db.url ?? "", PLUMBLINE_AUTH_SECRET: TEST_AUTH_SECRET };
    } else {
      database = { DATABASE_URL: "", PLUMBLINE_DATA_DIR: path.join(tmp, "pglite") };
    }
    app = await startTestApp({ ...database, PLUMBLINE_ADMIN_EMAIL: ADMIN.email, PLUMBLINE_ADMIN_PASSWORD: ADMIN.password });
    const signIn = await fetch(`${app.url}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: app.url },
      body: JSON.stringify(ADMIN),
    });
    expect(signIn.status, app.output()).toBe(200);
    cookie = signIn.headers.getSetCookie().map((header) => header.split(";")[0]).join("; ");
  }, 360_000);

  afterAll(async () => {
    await app?.stop();
    await db?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  // Raw query strings, as an attacker writes the link.
  it.each([
    ["tab (browsers drop it: //evil)", "%2F%09%2Fevil.example"],
    ["newline", "%2F%0A%2Fevil.example"],
    ["backslash", "%2F%5Cevil.example"],
    ["double slash", "%2F%2Fevil.example"],
    ["slash then encoded slash", "%2F%252F%2Fevil.example"],
    ["dot segment", "%2F.%2F%2Fevil.example"],
    ["absolute URL", "https%3A%2F%2Fevil.example%2F"],
    ["javascript:", "javascript%3Aalert(1)"],
  ])("a signed-in visit to /sign-in?next=<%s> stays on the site", async (_name, rawNext) => {
    const response = await fetch(`${app.url}/sign-in?next=${rawNext}`, { redirect: "manual", headers: { cookie } });
    const target = await redirectTarget(response);
    expect(target, `status ${response.status}`).not.toBeNull();
    const landed = new URL(target ?? "", app.url);
    expect(landed.origin).toBe(app.url);
    expect(landed.pathname).toBe("/");
  });

  it("a same-site next is kept", async () => {
    const response = await fetch(`${app.url}/sign-in?next=${encodeURIComponent("/services?team=payments")}`, { redirect: "manual", headers: { cookie } });
    const landed = new URL((await redirectTarget(response)) ?? "", app.url);
    expect(landed.origin).toBe(app.url);
    expect(`${landed.pathname}${landed.search}`).toBe("/services?team=payments");
  });

  it("a refused single sign-on shows its reason in our words, never the link's error_description", async () => {
    const response = await fetch(`${app.url}/sign-in?error=sso_account_not_vouched&error_description=${encodeURIComponent("Call +1 555 0100 to unlock")}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("does not vouch for");
    expect(html).not.toContain("555 0100");
  });
});
