import { notFound, redirect } from "next/navigation";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { TRequestContext } from "@/server/identity/get-request-organization.ts";
import type { TSignedInSession } from "@/server/identity/get-signed-in-session.ts";
import { canManageMembers } from "@/server/identity/can-manage-members.ts";

// Who is asking, per test: the request context (member) and the session (signed in at all).
const who: { context: TRequestContext | null; session: TSignedInSession | null } = { context: null, session: null };

vi.mock("@/server/identity/get-request-organization.ts", () => ({
  findRequestSession: async () => who.session,
  // As the real one: anonymous → /sign-in, signed in without an organization → /onboarding.
  getRequestContext: async () => {
    if (!who.session) redirect("/sign-in");
    if (!who.context) redirect("/onboarding");
    return who.context;
  },
}));

const { logger } = await import("@/server/logger.ts");
const { AppError } = await import("./problem.ts");
const { asFormAction, withAction, withPublicAction, withSessionAction, UNEXPECTED_ACTION_ERROR } = await import("./with-action.ts");

const session: TSignedInSession = { sessionId: "s1", userId: "u1", email: "ada@example.test", name: "Ada", activeOrganizationId: "o1" } as TSignedInSession;

function member(role: "admin" | "member"): TRequestContext {
  const organization = { id: "o1", name: "Org", slug: "org", role } as TRequestContext["organization"];
  return { organization, organizations: [organization], session, actor: { kind: "user", userId: "u1", personId: "p1", role, name: "Ada", email: "ada@example.test" } };
}

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

/** What a call did: returned a result, or threw Next's redirect (its target) or another error. */
async function outcome(call: Promise<unknown>): Promise<{ returned: unknown } | { redirect: string } | { threw: unknown }> {
  try {
    return { returned: await call };
  } catch (error) {
    const digest = (error as { digest?: unknown }).digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT")) return { redirect: digest.split(";")[2] ?? "" };
    return { threw: error };
  }
}

const ZName = z.object({ name: z.string().trim().min(1, { error: "Give it a name." }).max(5, { error: "Keep it short." }) });

describe("withAction", () => {
  const handler = vi.fn(async ({ input, organization }: { input: { name: string }; organization: { id: string } }) => ({ created: `${organization.id}/${input.name}` }));
  const action = withAction({ input: ZName, can: canManageMembers, forbidden: "Only organization admins can do this." }, handler);

  beforeEach(() => {
    handler.mockClear();
    who.session = session;
    who.context = member("admin");
  });

  it("runs the handler with the organization and the validated input, and answers ok", async () => {
    expect(await action(null, form({ name: " web " }))).toEqual({ ok: true, created: "o1/web" });
    expect(handler).toHaveBeenCalledOnce();
  });

  it("sends anonymous callers to /sign-in without running the handler", async () => {
    who.session = null;
    expect(await outcome(action(null, form({ name: "web" })))).toEqual({ redirect: "/sign-in" });
    expect(handler).not.toHaveBeenCalled();
  });

  it("refuses a member without the role with the forbidden message", async () => {
    who.context = member("member");
    expect(await action(null, form({ name: "web" }))).toEqual({ ok: false, message: "Only organization admins can do this." });
    expect(handler).not.toHaveBeenCalled();
  });

  it("answers invalid input with field errors, without running the handler", async () => {
    expect(await action(null, form({ name: "much too long" }))).toEqual({ ok: false, message: "Keep it short.", fieldErrors: { name: ["Keep it short."] } });
    expect(await action(null, form({}))).toMatchObject({ ok: false, fieldErrors: { name: [expect.any(String)] } });
    expect(handler).not.toHaveBeenCalled();
  });

  it("answers a domain error with its detail", async () => {
    const conflict = withAction({ input: z.object({}) }, async () => {
      throw new AppError(409, "Slug taken", 'The slug "acme" is taken; pick another.');
    });
    expect(await conflict(null, form({}))).toEqual({ ok: false, message: 'The slug "acme" is taken; pick another.' });
  });

  it("answers a zod error thrown by the handler as a validation failure", async () => {
    const strict = withAction({ input: z.object({}) }, async () => z.object({ when: z.iso.datetime({ error: "Not a time." }) }).parse({ when: "soon" }));
    expect(await strict(null, form({}))).toEqual({ ok: false, message: "Not a time.", fieldErrors: { when: ["Not a time."] } });
  });

  it("logs an unexpected error and answers a generic message that leaks nothing", async () => {
    const log = vi.spyOn(logger, "error").mockImplementation(() => undefined);
    try {
      const broken = withAction({ input: z.object({}) }, async () => {
        throw new Error("connection refused: postgres://admin:hunter2@db");
      });
      const result = await broken(null, form({}));
      expect(result).toEqual({ ok: false, message: expect.stringContaining(UNEXPECTED_ACTION_ERROR) });
      expect(JSON.stringify(result)).not.toContain("hunter2");
      expect(log).toHaveBeenCalledOnce();
      const reference = /reference ([0-9a-f-]{36})/.exec(result.ok ? "" : result.message)?.[1];
      expect(log.mock.calls[0]?.[0]).toMatchObject({ reference });
    } finally {
      log.mockRestore();
    }
  });

  it("lets redirect() and notFound() from the handler pass through", async () => {
    const done = withAction({ input: z.object({}) }, async () => redirect("/settings/members"));
    expect(await outcome(done(null, form({})))).toEqual({ redirect: "/settings/members" });
    const gone = withAction({ input: z.object({}) }, async () => notFound());
    const thrown = await outcome(gone(null, form({})));
    expect(thrown).toMatchObject({ threw: { digest: expect.stringContaining("404") } });
  });
});

describe("asFormAction", () => {
  beforeEach(() => {
    who.session = session;
    who.context = member("member");
  });

  it("brings a failure back to the page in ?error=, and lets the handler's redirect through", async () => {
    const refused = asFormAction("/settings/members", withAction({ input: z.object({}), can: canManageMembers, forbidden: "Only organization admins can." }, async () => redirect("/settings/members")));
    expect(await outcome(refused(form({})))).toEqual({ redirect: "/settings/members?error=Only%20organization%20admins%20can." });
    who.context = member("admin");
    expect(await outcome(refused(form({})))).toEqual({ redirect: "/settings/members" });
  });

  it("still sends anonymous callers to /sign-in", async () => {
    who.session = null;
    const action = asFormAction("/x", withAction({ input: z.object({}) }, async () => undefined));
    expect(await outcome(action(form({})))).toEqual({ redirect: "/sign-in" });
  });
});

describe("withSessionAction and withPublicAction", () => {
  it("needs a session but no organization, and sends anonymous callers to sign in and come back", async () => {
    who.session = session;
    who.context = null;
    const accept = withSessionAction({ input: z.object({ token: z.string() }), signInNext: (data) => `/invitations/${String(data.get("token"))}` }, async ({ session: signedIn, input }) => ({
      accepted: `${signedIn.userId}:${input.token}`,
    }));
    expect(await accept(null, form({ token: "t1" }))).toEqual({ ok: true, accepted: "u1:t1" });
    who.session = null;
    expect(await outcome(accept(null, form({ token: "t1" })))).toEqual({ redirect: "/sign-in?next=%2Finvitations%2Ft1" });
  });

  it("public actions run without a session and map errors the same way", async () => {
    who.session = null;
    const signIn = withPublicAction({ input: z.object({ email: z.email({ error: "Enter your email." }) }) }, async () => {
      throw new AppError(401, "Sign-in failed", "Wrong email or password.");
    });
    expect(await signIn(null, form({ email: "nope" }))).toEqual({ ok: false, message: "Enter your email.", fieldErrors: { email: ["Enter your email."] } });
    expect(await signIn(null, form({ email: "a@b.test" }))).toEqual({ ok: false, message: "Wrong email or password." });
  });
});
