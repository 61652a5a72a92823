import { z } from "zod";
import { canDecideApprovalsAs } from "@/server/identity/can-decide-approvals-as.ts";
import { AppError } from "@/server/http/problem.ts";
import { readJsonBody } from "@/server/http/with-api-body.ts";
import { json, withApi } from "@/server/http/with-api.ts";
import { decideApproval } from "@/server/gate/decide-approval.ts";
import { ZApprovalDecisionInput } from "@/server/gate/gate.schemas.ts";
import { publicBaseUrl } from "@/server/http/public-base-url.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * An owner of the asked team decides, as the signed-in user: {decision: approve|reject,
 * comment?}. canDecideApproval checks they may decide for the team. API tokens may not:
 * a CI credential is nobody, and must not approve its own deploys. The web page uses a
 * server action on the same use case; Slack buttons call it with the clicking owner.
 */
export const POST = withApi(z.object({}), async ({ organizationId, actor, params, request }) => {
  if (!canDecideApprovalsAs(actor)) {
    throw new AppError(403, "Not allowed to decide", "API tokens cannot approve or reject deploys: the owners asked decide as themselves, signed in on the deploy page (or in Slack).");
  }
  const input = await readJsonBody(request, ZApprovalDecisionInput);
  const decided = await decideApproval(
    organizationId,
    { deployRequestId: params.id ?? "", teamSlug: params.team ?? "", ...input, person: actor.email },
    { channel: "api", baseUrl: publicBaseUrl(request) },
  );
  return json(decided);
});
