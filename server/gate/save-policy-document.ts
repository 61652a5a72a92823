import { parsePolicyYaml } from "@/domain/policy/parse-policy-yaml.ts";
import type { TPolicySaveResult } from "./gate.schemas.ts";
import { toPolicyDocumentDto } from "./get-policy-document.ts";
import { getActivePolicies, sha256 } from "./policy-document.ts";
import { toJson } from "./stored-decision.ts";
import { writePolicyRow, type TPolicyRowSource } from "./gate-policies.repository.ts";
import { logger } from "@/server/logger.ts";
import { reevaluatePendingDeployRequests } from "./reevaluate-deploy-requests.ts";

/**
 * Validates a policy document and, only if it is valid as a whole, makes it the
 * organization's policy set. Errors name the rule and the field (domain/policy); a bad
 * document never replaces the current one. Saving the same text again changes nothing.
 */
export async function savePolicyDocument(
  organizationId: string,
  yaml: string,
  options: { source: TPolicyRowSource; actor: string | null; origin?: string },
): Promise<TPolicySaveResult> {
  const parsed = parsePolicyYaml(yaml);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  const previous = await getActivePolicies(organizationId);
  const ruleNames = parsed.policies.rules.map((rule) => rule.name);
  const where = options.source === "catalog" ? `from ${options.origin ?? "the policy file"}` : "on /policies";
  const changed = await writePolicyRow(organizationId, {
    yaml,
    // The parsed form, for readers that want data without re-parsing (reports, exports).
    definition: toJson(parsed.policies),
    source: options.source,
    actor: options.actor,
    history: {
      title: `Deploy policy changed ${where}: ${ruleNames.length} rule${ruleNames.length === 1 ? "" : "s"} (${ruleNames.join(", ") || "none"})`,
      details: toJson({ yaml, sha256: sha256(yaml), previousSha256: previous.sha256, previousSource: previous.source, rules: ruleNames, origin: options.origin ?? null }),
    },
  });
  if (changed) {
    // A policy change is an input of every pending request: a rule removed or made notify-only clears its causes now.
    await reevaluatePendingDeployRequests(organizationId, { trigger: "policy-change" }).catch((error: unknown) =>
      logger.error({ err: error, organizationId }, "re-evaluating pending deploy requests after a policy change failed; the next SLO cycle tries again"),
    );
  }
  return { ok: true, changed, policy: toPolicyDocumentDto(await getActivePolicies(organizationId)) };
}
