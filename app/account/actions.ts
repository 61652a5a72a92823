"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { setSessionActiveOrganization } from "@/server/identity/identity-accounts.repository.ts";
import { getRequestContext } from "@/server/identity/get-request-organization.ts";

/** Switches the session to another organization the user belongs to (anything else is ignored). */
export async function switchOrganizationAction(form: FormData): Promise<void> {
  const { organizations, session } = await getRequestContext();
  const id = z.string().safeParse(form.get("organizationId"));
  const target = organizations.find((organization) => organization.id === (id.success ? id.data : ""));
  if (target) await setSessionActiveOrganization(session.sessionId, session.userId, target.id);
  // The shell (header, organization) lives in the root layout: render it again.
  revalidatePath("/", "layout");
  redirect("/");
}
