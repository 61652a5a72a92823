"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { TAccountFormState } from "@/app/components/account-form.tsx";
import { acceptInvitation } from "@/server/identity/invitations.ts";
import { AppError } from "@/server/http/problem.ts";
import { findRequestSession } from "@/server/identity/get-request-organization.ts";

/** The signed-in user accepts an invitation addressed to their email. */
export async function acceptInvitationAction(_previous: TAccountFormState, form: FormData): Promise<TAccountFormState> {
  const token = String(form.get("token") ?? "");
  const session = await findRequestSession();
  if (!session) redirect(`/sign-in?next=${encodeURIComponent(`/invitations/${token}`)}`);
  try {
    await acceptInvitation(token, session);
  } catch (error) {
    if (error instanceof AppError) return { status: "error", message: error.detail };
    throw error;
  }
  // The shell (header, organization) lives in the root layout: render it again.
  revalidatePath("/", "layout");
  redirect("/");
}
