import type { CatalogFinding } from "@/domain/catalog/catalog-types.ts";
import { describeYamlValue } from "@/domain/yaml/describe-yaml-value.ts";
import type { BurnRateAlertRule } from "./burn-rate-alerts.ts";
import type { AlertWindowName } from "./slo-types.ts";

/** OpenSLO AlertPolicy, AlertCondition and AlertNotificationTarget documents of an import, by `metadata.name`. */
export interface OpenSloAlerting {
  policies: ReadonlyMap<string, unknown>;
  conditions: ReadonlyMap<string, unknown>;
  targets: ReadonlyMap<string, unknown>;
}

export interface SloNotificationTarget {
  name: string;
  target: string;
  /** A Slack channel the target names (`#payments-alerts`), which Plumbline can post to. */
  slackChannel?: string;
}

export interface SloAlerting {
  rules?: BurnRateAlertRule[];
  notificationTargets?: SloNotificationTarget[];
}

/**
 * The long windows Plumbline measures and the short window it pairs with each (1/12, as
 * the SRE Workbook does): an AlertCondition's `lookbackWindow` must be one of them.
 */
const SHORT_WINDOW: ReadonlyMap<string, AlertWindowName> = new Map<string, AlertWindowName>([
  ["1h", "5m"],
  ["6h", "30m"],
  ["1d", "2h"],
  ["24h", "2h"],
  ["3d", "6h"],
  ["72h", "6h"],
]);
const LONG_WINDOW: Readonly<Record<string, AlertWindowName>> = { "1h": "1h", "6h": "6h", "1d": "1d", "24h": "1d", "3d": "3d", "72h": "3d" };
const PAGE_SEVERITIES = new Set(["page", "critical", "high", "p1", "sev1"]);
const SLACK_CHANNEL = /#[a-z0-9][a-z0-9._-]*/i;

/**
 * `spec.alertPolicies` of an SLO: names of AlertPolicy documents, `{alertPolicyRef: name}`,
 * or inline AlertPolicies. Their burn-rate AlertConditions become the SLO's alert rules
 * instead of the workbook defaults; their notification targets are kept, with the Slack
 * channel they name. Every problem is a finding, errors for what would change alerting.
 */
export function readAlertPolicies(value: unknown, alerting: OpenSloAlerting): { alerting: SloAlerting; findings: CatalogFinding[] } {
  const findings: CatalogFinding[] = [];
  if (value === undefined || value === null) return { alerting: {}, findings };
  if (!Array.isArray(value)) return { alerting: {}, findings: [{ field: "spec.alertPolicies", message: `must be a list (got ${describeYamlValue(value)})`, severity: "error" }] };
  const rules: BurnRateAlertRule[] = [];
  const targets: SloNotificationTarget[] = [];
  value.forEach((entry, index) => {
    const at = `spec.alertPolicies[${index}]`;
    const policy = resolve(entry, "alertPolicyRef", alerting.policies, at, "AlertPolicy", findings);
    if (policy === null) return;
    const spec = asRecord(policy.value["spec"]);
    const conditions = Array.isArray(spec?.["conditions"]) ? (spec["conditions"] as unknown[]) : [];
    if (conditions.length === 0) findings.push({ field: `${policy.field}.spec.conditions`, message: "must list at least one AlertCondition", severity: "error" });
    conditions.forEach((raw, i) => {
      const condition = resolve(raw, "conditionRef", alerting.conditions, `${policy.field}.spec.conditions[${i}]`, "AlertCondition", findings);
      if (condition === null) return;
      const rule = readCondition(condition.value, condition.field, findings);
      if (rule !== null) rules.push(rule);
    });
    const notify = Array.isArray(spec?.["notificationTargets"]) ? (spec["notificationTargets"] as unknown[]) : [];
    notify.forEach((raw, i) => {
      const target = resolve(raw, "targetRef", alerting.targets, `${policy.field}.spec.notificationTargets[${i}]`, "AlertNotificationTarget", findings);
      if (target !== null) targets.push(readTarget(target.value));
    });
  });
  return {
    alerting: { ...(rules.length > 0 ? { rules } : {}), ...(targets.length > 0 ? { notificationTargets: targets } : {}) },
    findings,
  };
}

/** A reference by name (`"x"` or `{<refKey>: x}`), or the object written inline. */
function resolve(
  entry: unknown,
  refKey: string,
  named: ReadonlyMap<string, unknown>,
  field: string,
  kind: string,
  findings: CatalogFinding[],
): { value: Record<string, unknown>; field: string } | null {
  const record = asRecord(entry);
  const name = typeof entry === "string" ? entry : typeof record?.[refKey] === "string" ? (record[refKey] as string) : null;
  if (name !== null) {
    const found = asRecord(named.get(name));
    if (found === null) {
      findings.push({ field, message: `no OpenSLO ${kind} named "${name}" in this import`, severity: "error" });
      return null;
    }
    return { value: found, field };
  }
  if (record !== null && (record["kind"] === kind || record["spec"] !== undefined)) return { value: record, field };
  findings.push({ field, message: `must name an ${kind} or be one (got ${describeYamlValue(entry)})`, severity: "error" });
  return null;
}

function readCondition(condition: Record<string, unknown>, field: string, findings: CatalogFinding[]): BurnRateAlertRule | null {
  const spec = asRecord(condition["spec"]);
  const inner = asRecord(spec?.["condition"]);
  if (inner?.["kind"] !== "burnrate") {
    findings.push({ field: `${field}.spec.condition.kind`, message: `must be burnrate, the only AlertCondition kind OpenSLO v1 defines (got ${describeYamlValue(inner?.["kind"])})`, severity: "error" });
    return null;
  }
  const threshold = inner["threshold"];
  const lookback = typeof inner["lookbackWindow"] === "string" ? inner["lookbackWindow"].trim() : inner["lookbackWindow"];
  const shortWindow = typeof lookback === "string" ? SHORT_WINDOW.get(lookback) : undefined;
  const longWindow = typeof lookback === "string" ? LONG_WINDOW[lookback] : undefined;
  if (typeof threshold !== "number" || !(threshold > 0)) {
    findings.push({ field: `${field}.spec.condition.threshold`, message: `must be a burn rate above 0, e.g. 14.4 (got ${describeYamlValue(threshold)})`, severity: "error" });
    return null;
  }
  if (shortWindow === undefined || longWindow === undefined) {
    findings.push({
      field: `${field}.spec.condition.lookbackWindow`,
      message: `must be one of 1h, 6h, 1d, 3d, the windows Plumbline measures (each paired with a 1/12 short window) (got ${describeYamlValue(lookback)})`,
      severity: "error",
    });
    return null;
  }
  const severity = typeof spec?.["severity"] === "string" && PAGE_SEVERITIES.has(spec["severity"].toLowerCase()) ? "page" : "ticket";
  return { severity, longWindow, shortWindow, threshold };
}

function readTarget(target: Record<string, unknown>): SloNotificationTarget {
  const metadata = asRecord(target["metadata"]);
  const spec = asRecord(target["spec"]);
  const name = typeof metadata?.["name"] === "string" ? metadata["name"] : "(inline)";
  const text = typeof spec?.["target"] === "string" ? spec["target"] : "";
  const description = typeof spec?.["description"] === "string" ? spec["description"] : "";
  const channel = SLACK_CHANNEL.exec(`${text} ${description}`)?.[0];
  return { name, target: text, ...(/slack/i.test(text) && channel ? { slackChannel: channel } : {}) };
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}
