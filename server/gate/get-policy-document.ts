import { getConfig } from "@/server/config/get-config.ts";
import type { PolicySet } from "@/domain/policy/policy-schemas.ts";
import type { TPolicyDocumentDto, TPolicyHistoryEntry } from "./gate.schemas.ts";
import { getActivePolicies, type TActivePolicies } from "./policy-document.ts";
import { findPolicyHistory } from "./gate-policies.repository.ts";

/** PLUMBLINE_POLICIES: a YAML file that manages the policies (loaded on every start). */
export function policyFileFromEnv(): string | null {
  return getConfig().gate.policiesFile;
}

export async function getPolicyDocument(organizationId: string): Promise<TPolicyDocumentDto> {
  return toPolicyDocumentDto(await getActivePolicies(organizationId));
}

export function toPolicyDocumentDto(active: TActivePolicies): TPolicyDocumentDto {
  return {
    yaml: active.yaml,
    source: active.source,
    updatedAt: active.updatedAt?.toISOString() ?? null,
    managedByFile: policyFileFromEnv(),
    rules: describeRules(active.policies),
    approvalTimeoutMinutes: active.policies.approvalTimeoutMinutes,
    staleTelemetry: active.policies.staleTelemetry,
  };
}

function describeRules(policies: PolicySet): TPolicyDocumentDto["rules"] {
  return policies.rules.map((rule) => ({
    name: rule.name,
    type: rule.type,
    enabled: rule.enabled,
    environments: rule.environments ?? null,
    action: "action" in rule ? rule.action : rule.type === "break_glass" ? "allow (with a written reason)" : null,
  }));
}

export async function getPolicyHistory(organizationId: string, limit = 10): Promise<TPolicyHistoryEntry[]> {
  const rows = await findPolicyHistory(organizationId, limit);
  return rows.map((row) => ({ at: row.occurredAt.toISOString(), source: row.source === "catalog" ? "file" : row.source, actor: row.actor, title: row.title }));
}
