import type { z } from "zod";
import { describeYamlValue } from "@/domain/yaml/describe-yaml-value.ts";
import { formatFieldPath } from "./format-field-path.ts";
import { policyErrorMap } from "./policy-error-map.ts";
import { RULE_SCHEMAS, RULE_TYPES, ZPolicyHeader, type PolicySet, type TPolicyRule, type TRuleType } from "./policy-schemas.ts";
import type { PolicyError } from "./policy-types.ts";

export type PolicyParseResult = { ok: true; policies: PolicySet } | { ok: false; errors: PolicyError[] };

const DOCUMENT = "(document)";
const WHOLE_RULE = "(rule)";

/**
 * Validates an already-decoded policy document (YAML or JSON). Every rule is checked
 * even after the first failure, so an editor shows all problems at once; the result is
 * all-or-nothing because a policy with a rule missing would gate less than its author meant.
 */
export function parsePolicyData(data: unknown): PolicyParseResult {
  if (data === null || data === undefined) {
    return fail([{ rule: DOCUMENT, field: DOCUMENT, message: "the policy document is empty; it needs at least a rules: list" }]);
  }
  if (typeof data !== "object" || Array.isArray(data)) {
    return fail([{ rule: DOCUMENT, field: DOCUMENT, message: `must be a mapping with rules: (got ${describeYamlValue(data)})` }]);
  }

  // Header and rules are checked independently, so a typo at the top does not hide the rules' problems.
  const header = ZPolicyHeader.safeParse(data, { error: policyErrorMap });
  const errors: PolicyError[] = header.success
    ? []
    : issuesToErrors(header.error.issues, DOCUMENT, Object.keys(ZPolicyHeader.shape), "the policy document");
  const rawRules: unknown = (data as Record<string, unknown>).rules;
  const rules: TPolicyRule[] = [];
  const firstIndexByName = new Map<string, number>();
  (Array.isArray(rawRules) ? rawRules : []).forEach((raw: unknown, index) => {
    const label = ruleLabel(raw, index);
    // Judged on the written name, so a duplicate is reported even when either rule has other errors.
    const earlier = firstIndexByName.get(label);
    if (label !== `rules[${index}]`) {
      if (earlier === undefined) firstIndexByName.set(label, index);
      else errors.push({ rule: label, field: "name", message: `rules[${index}] repeats the name of rules[${earlier}]; rule names must be unique` });
    }
    const parsed = parseRule(raw, label);
    if (parsed.ok) rules.push(parsed.rule);
    else errors.push(...parsed.errors);
  });
  if (!header.success || errors.length > 0) return fail(errors);

  const { approvalTimeoutMinutes, staleTelemetry, fallbackApprovalTeam, approveWhenCleared } = header.data;
  return { ok: true, policies: { approvalTimeoutMinutes, staleTelemetry, fallbackApprovalTeam, approveWhenCleared, rules } };
}

function parseRule(raw: unknown, label: string): { ok: true; rule: TPolicyRule } | { ok: false; errors: PolicyError[] } {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    const message = `must be a mapping with name and type (got ${describeYamlValue(raw)})`;
    return { ok: false, errors: [{ rule: label, field: WHOLE_RULE, message }] };
  }
  const type: unknown = (raw as Record<string, unknown>).type;
  if (!isRuleType(type)) {
    const message =
      type === undefined || type === null
        ? `is required: one of ${RULE_TYPES.join(", ")}`
        : `unknown rule type ${describeYamlValue(type)}; expected one of ${RULE_TYPES.join(", ")}`;
    return { ok: false, errors: [{ rule: label, field: "type", message }] };
  }
  const schema = RULE_SCHEMAS[type];
  const result = schema.safeParse(raw, { error: policyErrorMap });
  if (result.success) return { ok: true, rule: result.data };
  return { ok: false, errors: issuesToErrors(result.error.issues, label, Object.keys(schema.shape), `a ${type} rule`) };
}

function isRuleType(value: unknown): value is TRuleType {
  return typeof value === "string" && (RULE_TYPES as readonly string[]).includes(value);
}

/** A rule is named by its `name` when it has one, so errors read like the author's file. */
function ruleLabel(raw: unknown, index: number): string {
  if (raw !== null && typeof raw === "object" && !Array.isArray(raw)) {
    const name: unknown = (raw as Record<string, unknown>).name;
    if (typeof name === "string" && name.trim() !== "") return name.trim();
  }
  return `rules[${index}]`;
}

function issuesToErrors(
  issues: readonly z.core.$ZodIssue[],
  label: string,
  knownFields: readonly string[],
  owner: string,
): PolicyError[] {
  return issues.flatMap((issue): PolicyError[] => {
    if (issue.code === "unrecognized_keys") {
      const known = issue.path.length === 0 ? ` (known fields: ${knownFields.join(", ")})` : "";
      return issue.keys.map((key) => ({
        rule: label,
        field: formatFieldPath([...issue.path, key]),
        message: `is not a field of ${issue.path.length === 0 ? owner : "this entry"}${known}`,
      }));
    }
    const field = formatFieldPath(issue.path);
    return [{ rule: label, field: field === "" ? (label === DOCUMENT ? DOCUMENT : WHOLE_RULE) : field, message: issue.message }];
  });
}

function fail(errors: PolicyError[]): PolicyParseResult {
  return { ok: false, errors };
}
