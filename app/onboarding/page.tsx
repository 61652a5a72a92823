import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AccountForm } from "@/app/components/account-form.tsx";
import { findRequestSession } from "@/server/identity/get-request-organization.ts";
import { createOrganizationAction } from "./actions.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Create an organization" };

export default async function OnboardingPage() {
  const session = await findRequestSession();
  if (!session) redirect("/sign-in?next=/onboarding");
  return (
    <AccountForm
      title="Create an organization"
      fields={[
        { name: "name", label: "Organization name", placeholder: "Acme Shop", autoComplete: "organization" },
        { name: "slug", label: "Slug (in URLs and the CLI)", placeholder: "acme-shop" },
      ]}
      submitLabel="Create organization"
      action={createOrganizationAction}
      footer={<>You become its admin: invite your colleagues from Settings → Members. Invited somewhere? Open the link from your invitation instead.</>}
    />
  );
}
