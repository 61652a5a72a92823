"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { setSessionActiveOrganization } from "@/server/identity/identity-accounts.repository.ts";
import { asFormAction, withAction } from "@/server/http/with-action.ts";

/** Switches the session to another organization the user belongs to (anything else is ignored). */
export const switchOrganizationAction = asFormAction(
  "/",
  withAction({ input: z.object({ organizationId: z.string().optional() }) }, async ({ organizations, session, input }) => {
    const target = organizations.find((organization) => organization.id === input.organizationId);
    if (target) await setSessionActiveOrganization(session.sessionId, session.userId, target.id);
    // The shell (header, organization) lives in the root layout: render it again.
    revalidatePath("/", "layout");
    redirect("/");
  }),
);
