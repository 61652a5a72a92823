"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { TAccountFormState } from "@/app/components/account-form.tsx";
import { ZOrganizationInput } from "@/server/identity/accounts.schemas.ts";
import { createOrganization } from "@/server/identity/create-organization.ts";
import { AppError } from "@/server/http/problem.ts";
import { findRequestSession } from "@/server/identity/get-request-organization.ts";

/** Any signed-in user may create an organization; they become its admin. */
export async function createOrganizationAction(_previous: TAccountFormState, form: FormData): Promise<TAccountFormState> {
  const session = await findRequestSession();
  if (!session) redirect("/sign-in?next=/onboarding");
  const parsed = ZOrganizationInput.safeParse({ name: form.get("name") ?? "", slug: form.get("slug") ?? "" });
  if (!parsed.success) return { status: "error", message: parsed.error.issues.map((issue) => issue.message).join(" ") };
  try {
    await createOrganization(session, parsed.data);
  } catch (error) {
    if (error instanceof AppError) return { status: "error", message: error.detail };
    throw error;
  }
  // The shell (header, organization) lives in the root layout: render it again.
  revalidatePath("/", "layout");
  redirect("/");
}
