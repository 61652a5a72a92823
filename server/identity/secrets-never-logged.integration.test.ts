import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAuth } from "./auth.ts";
import { captureLogLines, logger } from "@/server/logger.ts";
import { createApiToken, verifyApiToken } from "./api-tokens.ts";
import { upsertOrganization } from "./identity-organizations.repository.ts";
import { openTestDatabase } from "@/server/testing/test-databases.ts";
import { TEST_ORIGIN, createSignedInMember } from "@/server/testing/test-accounts.ts";
import { resolveUserActor } from "./resolve-user-actor.ts";
import { getSignedInSession } from "./get-signed-in-session.ts";
import { inviteMember } from "./invitations.ts";

// Passwords, API tokens and session tokens never reach the logs: sign-up, sign-in (right
// and wrong password), token creation and use, and an invitation run with every log line
// captured at debug level, then the captured text is searched for each secret.

async function postAuth(pathname: string, body: unknown): Promise<Response> {
  return (await getAuth()).handler(
    new Request(`${TEST_ORIGIN}/api/auth/${pathname}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: TEST_ORIGIN },
      body: JSON.stringify(body),
    }),
  );
}

describe("secrets never appear in the logs", () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  const previousLevel = logger.level;

  beforeAll(async () => {
    db = await openTestDatabase("pglite");
    logger.level = "debug";
  });
  afterAll(async () => {
    logger.level = previousLevel;
    await db?.close();
  });

  it("sign-up, sign-in, tokens and invitations log no password or token", async () => {
    const capture = captureLogLines();
    const secrets: string[] = [];
    try {
      const organization = await upsertOrganization("log-test", "Log test");
      const password = "correct-horse-battery-staple-42";
      secrets.push(password);
      const signUp = await postAuth("sign-up/email", { name: "Lena Logs", email: "lena@logs.test", password });
      expect(signUp.status).toBe(200);
      const wrong = await postAuth("sign-in/email", { email: "lena@logs.test", password: "wrong-password-but-secret-7" });
      secrets.push("wrong-password-but-secret-7");
      expect(wrong.status).toBe(401);
      const signIn = await postAuth("sign-in/email", { email: "lena@logs.test", password });
      expect(signIn.status).toBe(200);
      const sessionToken = ((await signIn.json()) as { token: string }).token;
      secrets.push(sessionToken);
      const cookie = signIn.headers.getSetCookie().map((header) => header.split(";")[0]).join("; ");
      secrets.push(...cookie.split("; ").map((pair) => pair.split("=")[1] ?? "").filter((value) => value.length > 8));

      const admin = await createSignedInMember(organization.id, { role: "admin" });
      secrets.push(admin.password);
      const session = await getSignedInSession(new Headers({ cookie: admin.cookie }));
      if (!session) throw new Error("no session");
      const context = await resolveUserActor(session);
      if (context.kind !== "member") throw new Error("not a member");

      const { token } = await createApiToken(organization.id, "ci");
      secrets.push(token);
      expect((await verifyApiToken(token)).ok).toBe(true);
      logger.info({ token, password, authorization: `Bearer ${token}`, headers: { cookie } }, "a careless log call");

      const invitation = await inviteMember(organization.id, context.actor, { email: "new@logs.test", role: "member" }, TEST_ORIGIN);
      expect(invitation.link).toContain("/invitations/");
    } finally {
      capture.stop();
    }
    const text = capture.lines.join("");
    // The capture works: the invitation (its link is meant for the admin) and the careless call are there.
    expect(text).toContain("invitation created");
    expect(text).toContain("a careless log call");
    for (const secret of secrets) expect(text, "a secret reached the logs").not.toContain(secret);
  });
});
