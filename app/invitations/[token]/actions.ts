"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { acceptInvitation } from "@/server/identity/invitations.ts";
import { withSessionAction } from "@/server/http/with-action.ts";

const invitationToken = (form: FormData) => String(form.get("token") ?? "");

/** The signed-in user accepts an invitation addressed to their email. */
export const acceptInvitationAction = withSessionAction(
  {
    input: z.object({ token: z.string() }),
    read: (form) => ({ token: invitationToken(form) }),
    signInNext: (form) => `/invitations/${invitationToken(form)}`,
  },
  async ({ session, input }) => {
    await acceptInvitation(input.token, session);
    // The shell (header, organization) lives in the root layout: render it again.
    revalidatePath("/", "layout");
    redirect("/");
  },
);
