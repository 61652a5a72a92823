"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { setFollowing } from "@/server/follow/follow.ts";
import { asFormAction, withAction } from "@/server/http/with-action.ts";

const ZFollowInput = z.object({
  kind: z.enum(["service", "team"]),
  slug: z.string().min(1).max(200),
  follow: z.enum(["1", "0"]).transform((value) => value === "1"),
});

/** Any member follows (or stops following) a service or a team of the active organization; back to its page. */
export const setFollowingAction = asFormAction(
  "/feed",
  withAction({ input: ZFollowInput }, async ({ organization, session, input }) => {
    await setFollowing(organization.id, session.userId, input);
    const page = `/${input.kind === "service" ? "services" : "teams"}/${encodeURIComponent(input.slug)}`;
    revalidatePath(page);
    revalidatePath("/feed");
    redirect(page);
  }),
);
