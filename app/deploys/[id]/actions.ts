"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { decideApproval } from "@/server/gate/decide-approval.ts";
import { publicBaseUrl } from "@/server/http/public-base-url.ts";
import { withAction } from "@/server/http/with-action.ts";

const ZDecisionForm = z.object({
  deployRequestId: z.string().min(1),
  team: z.string().min(1),
  decision: z.enum(["approve", "reject"]),
  comment: z
    .string()
    .trim()
    .max(2000)
    .default("")
    .transform((value) => value || undefined),
});

/**
 * The web form's approve / reject, as the signed-in user's catalog person. A server action
 * is a public POST endpoint (Next refuses it from another origin), so it authorizes itself:
 * decideApproval checks (canDecideApproval) that this person may decide for the asked team.
 */
export const decideApprovalAction = withAction({ input: ZDecisionForm }, async ({ organization, actor, input }) => {
  const { deployRequestId, team, decision, comment } = input;
  const result = await decideApproval(
    organization.id,
    { deployRequestId, teamSlug: team, person: actor.email, decision, ...(comment ? { comment } : {}) },
    { channel: "web", baseUrl: publicBaseUrl(null) },
  );
  // The navigation badge and the "Waiting for you" lists live in the layout and pages: re-render them.
  revalidatePath("/", "layout");
  const verb = decision === "approve" ? "Approved" : "Rejected";
  return { message: `${verb}. The deploy request is now ${result.status}.` };
});
