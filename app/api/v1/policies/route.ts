import { z } from "zod";
import { describeActor } from "@/server/identity/actor.ts";
import { canManagePolicies } from "@/server/identity/can-manage-policies.ts";
import { AppError } from "@/server/http/problem.ts";
import { readJsonBody } from "@/server/http/with-api-body.ts";
import { json, withApi } from "@/server/http/with-api.ts";
import { ZPolicyDocumentInput } from "@/server/gate/gate.schemas.ts";
import { getPolicyDocument } from "@/server/gate/get-policy-document.ts";
import { savePolicyDocument } from "@/server/gate/save-policy-document.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The organization's deploy policy: the YAML in force, where it came from, its rules. */
export const GET = withApi(z.object({}), async ({ organizationId }) => json(await getPolicyDocument(organizationId)));

/**
 * Replaces the policy set ({yaml}) if it validates as a whole; otherwise 400 with every
 * error naming the rule and the field, and the current policies stay in force.
 */
export const PUT = withApi(z.object({}), async ({ organizationId, actor, request }) => {
  if (!canManagePolicies(actor)) {
    throw new AppError(
      403,
      "Not allowed",
      actor.kind === "token"
        ? "API tokens cannot change deploy policies (a CI token could wave its own deploys through). Edit them on /policies or in the PLUMBLINE_POLICIES file."
        : "Only organization admins can change the deploy policies.",
    );
  }
  const { yaml } = await readJsonBody(request, ZPolicyDocumentInput);
  const result = await savePolicyDocument(organizationId, yaml, { source: "ui", actor: describeActor(actor) });
  if (!result.ok) {
    const detail = result.errors.map((error) => `${error.rule} › ${error.field}: ${error.message}`).join("; ");
    throw new AppError(400, "Invalid deploy policy", `The policy was not saved; the current one stays in force. ${detail}`, { errors: result.errors });
  }
  return json({ ...result.policy, changed: result.changed });
});
