"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { APIError } from "better-auth/api";
import { z } from "zod";
import { safeNextPath } from "@/app/components/safe-next-path.ts";
import { ZSignInInput, ZSignUpInput } from "@/server/identity/accounts.schemas.ts";
import { getAuth } from "@/server/identity/auth.ts";
import { findSsoProviderId } from "@/server/identity/complete-sso-sign-in.ts";
import { whenDatabaseReady } from "@/server/db/client.ts";
import { AppError } from "@/server/http/problem.ts";
import { asFormAction, withPublicAction } from "@/server/http/with-action.ts";

/** Email + password sign-in (better-auth; its session cookie is set through nextCookies). */
export const signInAction = withPublicAction(
  { input: ZSignInInput, read: (form) => ({ email: form.get("email") ?? "", password: form.get("password") ?? "" }) },
  async ({ input, form }) => {
    await whenDatabaseReady();
    try {
      await (await getAuth()).api.signInEmail({ body: input, headers: await headers() });
    } catch (error) {
      // Never say which of the two was wrong.
      if (error instanceof APIError) throw new AppError(401, "Sign-in failed", "Wrong email or password.");
      throw error;
    }
    // The shell (header, organization) lives in the root layout: render it again.
    revalidatePath("/", "layout");
    redirect(safeNextPath(form.get("next")));
  },
);

/** Sign-up: the account, signed in at once; then an organization to create (or the invitation to accept). */
export const signUpAction = withPublicAction(
  { input: ZSignUpInput, read: (form) => ({ name: form.get("name") ?? "", email: form.get("email") ?? "", password: form.get("password") ?? "" }) },
  async ({ input, form }) => {
    await whenDatabaseReady();
    try {
      await (await getAuth()).api.signUpEmail({ body: input, headers: await headers() });
    } catch (error) {
      if (error instanceof APIError) throw new AppError(400, "Sign-up failed", error.message || "Could not create the account.");
      throw error;
    }
    const next = safeNextPath(form.get("next"));
    // The shell (header, organization) lives in the root layout: render it again.
    revalidatePath("/", "layout");
    redirect(next === "/" ? "/onboarding" : next);
  },
);

/** Starts an organization's OIDC single sign-on: better-auth answers with the IdP's authorization URL. */
export const ssoSignInAction = withPublicAction(
  { input: z.object({ organization: z.string().trim().toLowerCase() }), read: (form) => ({ organization: form.get("organization") ?? "" }) },
  async ({ input: { organization: slug } }) => {
    await whenDatabaseReady();
    const providerId = await findSsoProviderId(slug);
    if (!providerId) throw new AppError(404, "No single sign-on", `No single sign-on is configured for "${slug}". Check the organization's slug, or sign in with email.`);
    const started = await (await getAuth()).api.signInSocial({
      body: { provider: providerId, callbackURL: `/sso/complete?organization=${encodeURIComponent(slug)}`, errorCallbackURL: "/sign-in" },
      headers: await headers(),
    });
    if (!started.url) throw new AppError(503, "Identity provider unreachable", "The identity provider could not be reached; try again or sign in with email.");
    redirect(started.url);
  },
);

export const signOutAction = asFormAction(
  "/sign-in",
  withPublicAction({ input: z.object({}) }, async () => {
    await whenDatabaseReady();
    await (await getAuth()).api.signOut({ headers: await headers() });
    // The shell (header, organization) lives in the root layout: render it again.
    revalidatePath("/", "layout");
    redirect("/sign-in");
  }),
);
