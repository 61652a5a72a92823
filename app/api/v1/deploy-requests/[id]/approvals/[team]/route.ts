import { z } from "zod";
import { readJsonBody } from "@/server/http/with-api-body.ts";
import { json, withApi } from "@/server/http/with-api.ts";
import { decideApproval } from "@/server/gate/decide-approval.ts";
import { ZApprovalDecisionInput } from "@/server/gate/gate.schemas.ts";
import { publicBaseUrl } from "@/server/gate/to-deploy-request-dto.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * An owner of the asked team decides: {decision: approve|reject, comment?, person}.
 * `person` (email or handle) is TEMPORARY until sign-in lands; canDecideApproval checks
 * they may decide for the team. The web page uses a server action on the same use case.
 */
export const POST = withApi(
  z.object({}),
  async ({ organizationId, params, request }) => {
    const input = await readJsonBody(request, ZApprovalDecisionInput);
    const decided = await decideApproval(
      organizationId,
      { deployRequestId: params.id ?? "", teamSlug: params.team ?? "", ...input },
      { channel: "api", baseUrl: publicBaseUrl(request) },
    );
    return json(decided);
  },
  { auth: "token" },
);
