import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AccountForm } from "@/app/components/account-form.tsx";
import { safeNextPath } from "@/app/components/safe-next-path.ts";
import { findRequestSession } from "@/server/identity/get-request-organization.ts";
import { signInAction, ssoSignInAction } from "./actions.ts";
import { signInErrorMessage } from "./sign-in-errors.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeNextPath(params.next);
  if (await findRequestSession()) redirect(next);
  const email = typeof params.email === "string" ? params.email : undefined;
  const errorMessage = signInErrorMessage(params.error);
  return (
    <>
    {errorMessage ? (
      <p className="callout callout-error account-card" role="alert" data-testid="sign-in-error">
        {errorMessage}
      </p>
    ) : null}
    <AccountForm
      title="Sign in to Plumbline"
      fields={[
        { name: "email", label: "Email", type: "email", autoComplete: "username", defaultValue: email },
        { name: "password", label: "Password", type: "password", autoComplete: "current-password" },
      ]}
      hidden={{ next }}
      submitLabel="Sign in"
      action={signInAction}
      footer={
        <>
          No account yet? <Link href={`/sign-up?next=${encodeURIComponent(next)}`}>Sign up</Link>. The embedded default prints its local admin&apos;s password once, on first start.
        </>
      }
    />
    <AccountForm
      title="Single sign-on"
      fields={[{ name: "organization", label: "Organization slug", placeholder: "acme-shop", autoComplete: "organization" }]}
      submitLabel="Continue with SSO"
      action={ssoSignInAction}
    />
    </>
  );
}
