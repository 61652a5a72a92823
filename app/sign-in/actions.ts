"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { APIError } from "better-auth/api";
import type { TAccountFormState } from "@/app/components/account-form.tsx";
import { safeNextPath } from "@/app/components/safe-next-path.ts";
import { ZSignInInput, ZSignUpInput } from "@/server/identity/accounts.schemas.ts";
import { getAuth } from "@/server/identity/auth.ts";
import { findSsoProviderId } from "@/server/identity/complete-sso-sign-in.ts";
import { whenDatabaseReady } from "@/server/db/client.ts";

function firstIssue(error: { issues: { message: string }[] }): TAccountFormState {
  return { status: "error", message: error.issues.map((issue) => issue.message).join(" ") };
}

/** Email + password sign-in (better-auth; its session cookie is set through nextCookies). */
export async function signInAction(_previous: TAccountFormState, form: FormData): Promise<TAccountFormState> {
  const parsed = ZSignInInput.safeParse({ email: form.get("email") ?? "", password: form.get("password") ?? "" });
  if (!parsed.success) return firstIssue(parsed.error);
  await whenDatabaseReady();
  try {
    await (await getAuth()).api.signInEmail({ body: parsed.data, headers: await headers() });
  } catch (error) {
    if (error instanceof APIError) return { status: "error", message: "Wrong email or password." };
    throw error;
  }
  // The shell (header, organization) lives in the root layout: render it again.
  revalidatePath("/", "layout");
  redirect(safeNextPath(form.get("next")));
}

/** Sign-up: the account, signed in at once; then an organization to create (or the invitation to accept). */
export async function signUpAction(_previous: TAccountFormState, form: FormData): Promise<TAccountFormState> {
  const parsed = ZSignUpInput.safeParse({ name: form.get("name") ?? "", email: form.get("email") ?? "", password: form.get("password") ?? "" });
  if (!parsed.success) return firstIssue(parsed.error);
  await whenDatabaseReady();
  try {
    await (await getAuth()).api.signUpEmail({ body: parsed.data, headers: await headers() });
  } catch (error) {
    if (error instanceof APIError) return { status: "error", message: error.message || "Could not create the account." };
    throw error;
  }
  const next = safeNextPath(form.get("next"));
  // The shell (header, organization) lives in the root layout: render it again.
  revalidatePath("/", "layout");
  redirect(next === "/" ? "/onboarding" : next);
}

/** Starts an organization's OIDC single sign-on: better-auth answers with the IdP's authorization URL. */
export async function ssoSignInAction(_previous: TAccountFormState, form: FormData): Promise<TAccountFormState> {
  const slug = String(form.get("organization") ?? "").trim().toLowerCase();
  await whenDatabaseReady();
  const providerId = await findSsoProviderId(slug);
  if (!providerId) return { status: "error", message: `No single sign-on is configured for "${slug}". Check the organization's slug, or sign in with email.` };
  const started = await (await getAuth()).api.signInSocial({
    body: { provider: providerId, callbackURL: `/sso/complete?organization=${encodeURIComponent(slug)}`, errorCallbackURL: "/sign-in" },
    headers: await headers(),
  });
  if (!started.url) return { status: "error", message: "The identity provider could not be reached; try again or sign in with email." };
  redirect(started.url);
}

export async function signOutAction(): Promise<void> {
  await whenDatabaseReady();
  await (await getAuth()).api.signOut({ headers: await headers() });
  // The shell (header, organization) lives in the root layout: render it again.
  revalidatePath("/", "layout");
  redirect("/sign-in");
}
