"use server";

import { z } from "zod";
import type { TDecisionFormState } from "@/app/components/deploy-approval-form.tsx";
import { decideApproval } from "@/server/gate/decide-approval.ts";
import { publicBaseUrl } from "@/server/http/public-base-url.ts";
import { AppError } from "@/server/http/problem.ts";
import { getRequestContext } from "@/server/identity/get-request-organization.ts";

const ZDecisionForm = z.object({
  deployRequestId: z.string().min(1),
  team: z.string().min(1),
  decision: z.enum(["approve", "reject"]),
  comment: z
    .string()
    .trim()
    .max(2000)
    .transform((value) => value || undefined),
});

/**
 * The web form's approve / reject, as the signed-in user's catalog person. A server action
 * is a public POST endpoint (Next refuses it from another origin), so it authorizes itself:
 * decideApproval checks (canDecideApproval) that this person may decide for the asked team.
 */
export async function decideApprovalAction(_previous: TDecisionFormState, form: FormData): Promise<TDecisionFormState> {
  const parsed = ZDecisionForm.safeParse({
    deployRequestId: form.get("deployRequestId"),
    team: form.get("team"),
    decision: form.get("decision"),
    comment: form.get("comment") ?? "",
  });
  if (!parsed.success) return { status: "error", message: parsed.error.issues.map((issue) => issue.message).join(" ") };
  const { organization, actor } = await getRequestContext();
  const { deployRequestId, team, decision, comment } = parsed.data;
  try {
    const result = await decideApproval(
      organization.id,
      { deployRequestId, teamSlug: team, person: actor.email, decision, ...(comment ? { comment } : {}) },
      { channel: "web", baseUrl: publicBaseUrl(null) },
    );
    const verb = decision === "approve" ? "Approved" : "Rejected";
    return { status: "done", message: `${verb}. The deploy request is now ${result.status}.` };
  } catch (error) {
    if (error instanceof AppError) return { status: "error", message: error.detail };
    throw error;
  }
}
