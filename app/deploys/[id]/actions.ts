"use server";

import { z } from "zod";
import type { TDecisionFormState } from "@/app/components/deploy-approval-form.tsx";
import { decideApproval } from "@/server/gate/decide-approval.ts";
import { publicBaseUrl } from "@/server/gate/to-deploy-request-dto.ts";
import { AppError } from "@/server/http/problem.ts";
import { getRequestOrganization } from "@/server/tenancy/get-request-organization.ts";


const ZDecisionForm = z.object({
  deployRequestId: z.string().min(1),
  team: z.string().min(1),
  person: z.string().min(1, { error: "Pick who you are first." }),
  decision: z.enum(["approve", "reject"]),
  comment: z
    .string()
    .trim()
    .max(2000)
    .transform((value) => value || undefined),
});

/**
 * The web form's approve / reject. A server action is a public POST endpoint, so it
 * authorizes itself: decideApproval checks (canDecideApproval) that the chosen person may
 * decide for the asked team. "Who are you?" is TEMPORARY until sign-in lands.
 */
export async function decideApprovalAction(_previous: TDecisionFormState, form: FormData): Promise<TDecisionFormState> {
  const parsed = ZDecisionForm.safeParse({
    deployRequestId: form.get("deployRequestId"),
    team: form.get("team"),
    person: form.get("person") ?? "",
    decision: form.get("decision"),
    comment: form.get("comment") ?? "",
  });
  if (!parsed.success) return { status: "error", message: parsed.error.issues.map((issue) => issue.message).join(" ") };
  const organization = await getRequestOrganization();
  const { deployRequestId, team, person, decision, comment } = parsed.data;
  try {
    const result = await decideApproval(
      organization.id,
      { deployRequestId, teamSlug: team, person, decision, ...(comment ? { comment } : {}) },
      { channel: "web", baseUrl: publicBaseUrl(null) },
    );
    const verb = decision === "approve" ? "Approved" : "Rejected";
    return { status: "done", message: `${verb}. The deploy request is now ${result.status}.` };
  } catch (error) {
    if (error instanceof AppError) return { status: "error", message: error.detail };
    throw error;
  }
}
