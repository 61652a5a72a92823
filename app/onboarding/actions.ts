"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { ZOrganizationInput } from "@/server/identity/accounts.schemas.ts";
import { createOrganization } from "@/server/identity/create-organization.ts";
import { withSessionAction } from "@/server/http/with-action.ts";

/** Any signed-in user may create an organization; they become its admin. */
export const createOrganizationAction = withSessionAction(
  {
    input: ZOrganizationInput,
    read: (form) => ({ name: form.get("name") ?? "", slug: form.get("slug") ?? "" }),
    signInNext: () => "/onboarding",
  },
  async ({ session, input }) => {
    await createOrganization(session, input);
    // The shell (header, organization) lives in the root layout: render it again.
    revalidatePath("/", "layout");
    redirect("/");
  },
);
