import { z } from "zod";
import { badRequest } from "@/server/http/problem.ts";
import { readJsonBody } from "@/server/http/with-api-body.ts";
import { json, withApi } from "@/server/http/with-api.ts";
import { decideApproval } from "@/server/gate/decide-approval.ts";
import { ZApprovalDecisionInput } from "@/server/gate/gate.schemas.ts";
import { publicBaseUrl } from "@/server/gate/to-deploy-request-dto.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * An owner of the asked team decides: {decision: approve|reject, comment?}. A signed-in
 * user decides as themselves; an API token names the `person` it acts for. Either way
 * canDecideApproval checks that person may decide for the team. The web page uses a
 * server action on the same use case.
 */
export const POST = withApi(z.object({}), async ({ organizationId, actor, params, request }) => {
  const { person: claimedPerson, ...input } = await readJsonBody(request, ZApprovalDecisionInput);
  const person = actor.kind === "user" ? actor.email : claimedPerson;
  if (!person) throw badRequest("person is required with an API token: the email or handle of the team owner deciding.");
  const decided = await decideApproval(
    organizationId,
    { deployRequestId: params.id ?? "", teamSlug: params.team ?? "", ...input, person },
    { channel: "api", baseUrl: publicBaseUrl(request) },
  );
  return json(decided);
});
