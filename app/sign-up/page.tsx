import type { Metadata } from "next";
import Link from "next/link";
import { AccountForm } from "@/app/components/account-form.tsx";
import { safeNextPath } from "@/app/components/safe-next-path.ts";
import { MIN_PASSWORD_LENGTH } from "@/server/identity/auth.ts";
import { signUpAction } from "@/app/sign-in/actions.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign up" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeNextPath(params.next);
  const email = typeof params.email === "string" ? params.email : undefined;
  return (
    <AccountForm
      title="Create your Plumbline account"
      fields={[
        { name: "name", label: "Your name", autoComplete: "name" },
        { name: "email", label: "Email", type: "email", autoComplete: "username", defaultValue: email },
        { name: "password", label: `Password (at least ${MIN_PASSWORD_LENGTH} characters)`, type: "password", autoComplete: "new-password" },
      ]}
      hidden={{ next }}
      submitLabel="Sign up"
      action={signUpAction}
      footer={
        <>
          Already have an account? <Link href={`/sign-in?next=${encodeURIComponent(next)}`}>Sign in</Link>.
        </>
      }
    />
  );
}
