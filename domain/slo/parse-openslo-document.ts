import type { CatalogFinding } from "@/domain/catalog/catalog-types.ts";
import { describeYamlValue } from "@/domain/yaml/describe-yaml-value.ts";
import type { DeclaredSlo } from "./declared-slo.ts";
import { DEFAULT_MIN_REQUESTS, DEFAULT_SLO_WINDOW_DAYS } from "./slo-defaults.ts";
import { calendarPeriod, parseCalendarStartTime, type CalendarUnit, type CalendarWindow } from "./calendar-window.ts";
import { SLICE_WINDOWS, type BudgetingMethod, type SloBudgeting } from "./slo-budgeting.ts";
import { readAlertPolicies, type OpenSloAlerting } from "./read-alert-policies.ts";
import type { SloKind } from "./slo-types.ts";
import { isValidTimeZone } from "@/domain/policy/is-valid-time-zone.ts";

export const OPENSLO_API_VERSION = "openslo/v1";
/** `metadata.annotations` key for the minimum request count, which OpenSLO has no field for. */
export const OPENSLO_MIN_REQUESTS_ANNOTATION = "plumbline.dev/min-requests";

const NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const DURATION = /^(\d+)([a-zA-Z]+)$/;
// The mesh worker asks Prometheus for the SLO window; longer than a quarter is beyond
// the retention it is configured for (domain/telemetry/telemetry-windows.ts).
const MAX_WINDOW_DAYS = 90;

export interface ParsedOpenSloDocument {
  /** One per objective; empty when an error stops the document from being imported. */
  slos: DeclaredSlo[];
  /** `slo:<metadata.name>` once the name is known, for problems. */
  entityRef?: string;
  findings: CatalogFinding[];
}

/**
 * One OpenSLO v1 `kind: SLO` document, already turned into plain data. Plumbline measures
 * SLIs from mesh telemetry itself, so the indicator only says which kind of SLI is meant:
 * `ratioMetric` = availability (non-5xx / all inbound), `thresholdMetric` = latency with the
 * objective's `op: lt|lte` and `value` in milliseconds; its metric queries are not run.
 * A pragmatic subset, every other construct rejected with the field that holds it (every
 * problem of the document at once, not only the first):
 * rolling `timeWindow` in days or weeks or calendar-aligned ones (`isRolling: false`, 1M, 1Q, ... in a
 * time zone), `budgetingMethod` Occurrences, Timeslices or RatioTimeslices, objectives (one SLO each)
 * with `target` (0..1) or `targetPercent`, an inline `indicator` or an `indicatorRef` to an SLI document.
 */
export function parseOpenSloDocument(
  document: Record<string, unknown>,
  location: { file: string; documentIndex: number; itemIndex?: number },
  /** `kind: SLI` documents of the whole import by `metadata.name`, for `spec.indicatorRef`. */
  indicators: ReadonlyMap<string, unknown> = new Map(),
  /** AlertPolicy, AlertCondition and AlertNotificationTarget documents of the whole import, for `spec.alertPolicies`. */
  alerting: OpenSloAlerting = { policies: new Map(), conditions: new Map(), targets: new Map() },
): ParsedOpenSloDocument {
  const metadata = asRecord(document["metadata"]);
  const rawName = metadata?.["name"];
  const entityRef = typeof rawName === "string" && rawName !== "" ? `slo:${rawName}` : undefined;
  const findings: CatalogFinding[] = [];
  const error = (field: string, message: string): ParsedOpenSloDocument => ({
    slos: [],
    ...(entityRef === undefined ? {} : { entityRef }),
    findings: [...findings, { field, message, severity: "error" }],
  });

  const apiVersion = document["apiVersion"];
  if (apiVersion !== OPENSLO_API_VERSION) {
    return error("apiVersion", `must be ${OPENSLO_API_VERSION} (got ${describeYamlValue(apiVersion)}); Plumbline reads OpenSLO v1 SLO documents`);
  }
  const kind = document["kind"];
  // An SLI document is read through the SLOs whose indicatorRef names it (the import's accounting says so).
  // So are alerting documents, through the SLOs whose alertPolicies name them; a DataSource only describes where queries run.
  if (kind === "AlertPolicy" || kind === "AlertCondition" || kind === "AlertNotificationTarget" || kind === "DataSource") {
    return { slos: [], ...(entityRef === undefined ? {} : { entityRef: `${String(kind).toLowerCase()}:${String(rawName)}` }), findings: [] };
  }
  if (kind === "SLI") return { slos: [], ...(entityRef === undefined ? {} : { entityRef: `sli:${String(rawName)}` }), findings: [] };
  if (kind !== "SLO") {
    return {
      slos: [],
      ...(entityRef === undefined ? {} : { entityRef }),
      findings: [
        {
          field: "kind",
          message: `OpenSLO kind ${describeYamlValue(kind)} is not imported (Plumbline reads kind SLO, with an inline indicator or an SLI document); skipped`,
          severity: "warning",
        },
      ],
    };
  }
  if (metadata === null) return error("metadata", `must be a mapping with a name (got ${describeYamlValue(document["metadata"])})`);
  const spec = asRecord(document["spec"]);
  if (spec === null) return error("spec", `must be a mapping (got ${describeYamlValue(document["spec"])})`);

  // Every independent field is checked, so one import shows all of a document's problems.
  const failures: Failure[] = [];
  const failed = <T>(value: T | Failure): value is Failure => typeof value === "object" && value !== null && "field" in value && "message" in value;

  if (typeof rawName !== "string" || !NAME.test(rawName)) {
    failures.push({
      field: "metadata.name",
      message: `must be a lowercase name of letters, digits and "-", at most 63 characters (got ${describeYamlValue(rawName)}); it becomes the SLO's name`,
    });
  }
  const service = spec["service"];
  if (typeof service !== "string" || service.trim() === "") {
    failures.push({ field: "spec.service", message: `must name the Plumbline service (its slug), e.g. "checkout" (got ${describeYamlValue(service)})` });
  }
  const rawMethod = spec["budgetingMethod"] ?? "Occurrences";
  const budgetingMethod = BUDGETING_METHODS.find((method) => method === rawMethod) ?? null;
  if (budgetingMethod === null) {
    failures.push({ field: "spec.budgetingMethod", message: `must be one of ${BUDGETING_METHODS.join(", ")} (got ${describeYamlValue(rawMethod)})` });
  }
  const sliceFields = Array.isArray(spec["objectives"]) && budgetingMethod !== null
    ? (spec["objectives"] as unknown[]).map((raw, index) => readSliceFields(asRecord(raw), index, budgetingMethod))
    : [];
  for (const fields of sliceFields) if (failed(fields)) failures.push(fields);
  const window = readTimeWindow(spec["timeWindow"]);
  if (failed(window)) failures.push(window);
  const indicator = readIndicator(spec, indicators);
  const indicatorKind = failed(indicator) ? null : readIndicatorKind(indicator.value, indicator.field);
  if (failed(indicator)) failures.push(indicator);
  if (indicatorKind !== null && failed(indicatorKind)) failures.push(indicatorKind);
  // Without a known indicator kind only the target can be checked.
  const objectiveEntries = readObjectives(spec["objectives"], typeof indicatorKind === "string" ? indicatorKind : null);
  const objectives = objectiveEntries.filter((entry): entry is ReadObjective => !("field" in entry));
  const objectiveFailures = objectiveEntries.filter((entry): entry is Failure => "field" in entry);
  failures.push(...objectiveFailures);
  const names = typeof rawName === "string" && objectiveFailures.length === 0 ? objectiveNames(rawName, objectives) : [];
  const tooLong = names.find((name) => name.length > 63);
  if (tooLong !== undefined) {
    failures.push({ field: "metadata.name", message: `with its objective's name, "${tooLong}" is longer than 63 characters; shorten the name or the objectives' displayName` });
  }
  const minRequests = readMinRequests(asRecord(metadata["annotations"]));
  if (failed(minRequests)) failures.push(minRequests);

  // The type checks repeat what `failures` already says, so TypeScript knows the values below.
  if (
    failures.length > 0 ||
    typeof rawName !== "string" ||
    typeof service !== "string" ||
    failed(window) ||
    budgetingMethod === null ||
    typeof indicatorKind !== "string" ||
    failed(minRequests)
  ) {
    return {
      slos: [],
      ...(entityRef === undefined ? {} : { entityRef }),
      findings: [...findings, ...failures.map((failure) => ({ ...failure, severity: "error" as const }))],
    };
  }

  const alertPolicies = readAlertPolicies(spec["alertPolicies"], alerting);
  if (alertPolicies.findings.some((finding) => finding.severity === "error")) {
    return { slos: [], entityRef: `slo:${rawName}`, findings: [...findings, ...alertPolicies.findings] };
  }
  findings.push(...alertPolicies.findings);
  const alertingOf = Object.keys(alertPolicies.alerting).length === 0 ? {} : { alerting: alertPolicies.alerting };

  return {
    slos: objectives.map((objective, index) => ({
      serviceSlug: service.trim(),
      name: names[index] ?? rawName,
      kind: indicatorKind,
      objective: objective.objective,
      windowDays: window.days,
      latencyThresholdMs: objective.thresholdMs,
      minRequests,
      ...budgetingOf(budgetingMethod, sliceFields[index], window.calendar),
      ...alertingOf,
      provenance: {
        kind: "openslo" as const,
        file: location.file,
        documentIndex: location.documentIndex,
        ...(location.itemIndex === undefined ? {} : { itemIndex: location.itemIndex }),
        field: rawName,
      },
    })),
    entityRef: `slo:${rawName}`,
    findings,
  };
}

type Failure = { field: string; message: string };

function readTimeWindow(value: unknown): { days: number; calendar?: CalendarWindow } | Failure {
  if (value === undefined) return { days: DEFAULT_SLO_WINDOW_DAYS };
  if (!Array.isArray(value) || value.length !== 1) {
    return {
      field: "spec.timeWindow",
      message: `must be a list with exactly one window, e.g. [{duration: 28d, isRolling: true}] (got ${Array.isArray(value) ? `${value.length} windows` : describeYamlValue(value)})`,
    };
  }
  const window = asRecord(value[0]);
  if (window === null) return { field: "spec.timeWindow[0]", message: `must be a mapping with duration and isRolling (got ${describeYamlValue(value[0])})` };
  const isRolling = window["isRolling"];
  if (isRolling !== undefined && typeof isRolling !== "boolean") {
    return { field: "spec.timeWindow[0].isRolling", message: `must be true or false (got ${describeYamlValue(isRolling)})` };
  }
  const duration = window["duration"];
  const match = typeof duration === "string" ? DURATION.exec(duration.trim()) : null;
  const amount = Number(match?.[1]);
  const unit = match?.[2];
  if (isRolling === false || window["calendar"] !== undefined) return readCalendarWindow(window, amount, unit, duration);
  const days = unit === "d" ? amount : unit === "w" ? amount * 7 : Number.NaN;
  if (!Number.isInteger(days) || days < 1 || days > MAX_WINDOW_DAYS) {
    return {
      field: "spec.timeWindow[0].duration",
      message: `a rolling window must be a whole number of days or weeks between 1d and ${MAX_WINDOW_DAYS}d, e.g. "28d" or "4w" (got ${describeYamlValue(duration)}${unit === "M" ? '; M is months: for a calendar month write isRolling: false with a calendar' : ""})`,
    };
  }
  return { days };
}

const CALENDAR_UNITS: readonly CalendarUnit[] = ["m", "h", "d", "w", "M", "Q", "Y"];

/** `isRolling: false`: a calendar-aligned window of duration `<n><unit>` starting at `calendar.startTime` in `calendar.timeZone`. */
function readCalendarWindow(window: Record<string, unknown>, amount: number, unit: string | undefined, duration: unknown): { days: number; calendar: CalendarWindow } | Failure {
  const calendarUnit = CALENDAR_UNITS.find((u) => u === unit);
  if (calendarUnit === undefined || !Number.isInteger(amount) || amount < 1) {
    return {
      field: "spec.timeWindow[0].duration",
      message: `must be a whole number and a unit of m (minutes), h, d, w, M (months), Q or Y, e.g. "1M" (got ${describeYamlValue(duration)})`,
    };
  }
  const calendar = asRecord(window["calendar"]);
  const startTime = calendar?.["startTime"] ?? "2022-01-01 00:00:00";
  const timeZone = calendar?.["timeZone"] ?? "UTC";
  if (typeof startTime !== "string" || parseCalendarStartTime(startTime) === null) {
    return { field: "spec.timeWindow[0].calendar.startTime", message: `must be "YYYY-MM-DD HH:mm:ss", e.g. "2022-01-01 00:00:00" (got ${describeYamlValue(startTime)})` };
  }
  if (typeof timeZone !== "string" || !isValidTimeZone(timeZone)) {
    return { field: "spec.timeWindow[0].calendar.timeZone", message: `must be an IANA time zone, e.g. "Europe/Berlin" (got ${describeYamlValue(timeZone)})` };
  }
  const cal: CalendarWindow = { count: amount, unit: calendarUnit, startTime: startTime.trim(), timeZone };
  const period = calendarPeriod(cal, new Date(Date.UTC(2026, 0, 1)));
  // The rolling counts (alerts, minimum requests) look back at most a period, and never beyond the telemetry retention.
  const days = Math.min(MAX_WINDOW_DAYS, Math.max(1, Math.ceil((period.end.getTime() - period.start.getTime()) / 86_400_000)));
  return { days, calendar: cal };
}

/** The inline `spec.indicator`, or the SLI document `spec.indicatorRef` names (OpenSLO v1 allows either, not both). */
function readIndicator(spec: Record<string, unknown>, indicators: ReadonlyMap<string, unknown>): { value: unknown; field: string } | Failure {
  const ref = spec["indicatorRef"];
  if (ref === undefined) return { value: spec["indicator"], field: "spec.indicator" };
  if (spec["indicator"] !== undefined) return { field: "spec.indicatorRef", message: "has both indicator and indicatorRef; keep one" };
  if (typeof ref !== "string" || ref.trim() === "") {
    return { field: "spec.indicatorRef", message: `must be the metadata.name of an SLI document (got ${describeYamlValue(ref)})` };
  }
  const found = indicators.get(ref.trim());
  if (found === undefined) {
    const known = [...indicators.keys()];
    return {
      field: "spec.indicatorRef",
      message: `no OpenSLO SLI document named "${ref.trim()}" in this import${known.length ? ` (SLIs: ${known.slice(0, 5).join(", ")})` : ""}; put the SLI document in the import or the indicator inline`,
    };
  }
  return { value: found, field: `spec.indicatorRef (SLI "${ref.trim()}")` };
}

function readIndicatorKind(value: unknown, field = "spec.indicator"): SloKind | Failure {
  const indicator = asRecord(value);
  if (indicator === null) {
    return {
      field,
      message: `must be an inline SLI with spec.ratioMetric (availability) or spec.thresholdMetric (latency) (got ${describeYamlValue(value)})`,
    };
  }
  const specField = field === "spec.indicator" ? "spec.indicator.spec" : `${field} spec`;
  const spec = asRecord(indicator["spec"]);
  if (spec === null) return { field: specField, message: `must be a mapping with ratioMetric or thresholdMetric (got ${describeYamlValue(indicator["spec"])})` };
  const hasRatio = spec["ratioMetric"] !== undefined;
  const hasThreshold = spec["thresholdMetric"] !== undefined;
  if (hasRatio === hasThreshold) {
    return {
      field: specField,
      message: hasRatio
        ? "has both ratioMetric and thresholdMetric; keep one"
        : "needs ratioMetric (availability: non-5xx / all requests) or thresholdMetric (latency: requests under objectives[0].value ms)",
    };
  }
  return hasRatio ? "availability" : "latency";
}

interface ReadObjective {
  objective: number;
  thresholdMs: number | null;
  displayName: string | null;
}

/**
 * Every objective (OpenSLO allows several per SLO, each with its own budget); all of their
 * problems. Without a known indicator kind (`null`), only the targets are checked.
 */
function readObjectives(value: unknown, kind: SloKind | null): (ReadObjective | Failure)[] {
  if (!Array.isArray(value) || value.length === 0) {
    return [{ field: "spec.objectives", message: `must be a list of objectives, e.g. [{target: 0.999}] (got ${describeYamlValue(value)})` }];
  }
  return value.map((raw, index) => readObjective(raw, index, kind));
}

function readObjective(raw: unknown, index: number, kind: SloKind | null): ReadObjective | Failure {
  const at = `spec.objectives[${index}]`;
  const objective = asRecord(raw);
  if (objective === null) return { field: at, message: `must be a mapping with target (got ${describeYamlValue(raw)})` };
  const rawDisplayName = objective["displayName"];
  const displayName = typeof rawDisplayName === "string" && rawDisplayName.trim() !== "" ? rawDisplayName.trim() : null;

  const percent = readTargetPercent(objective, at);
  if (typeof percent !== "number") return percent;
  if (kind === null) return { objective: percent, thresholdMs: null, displayName };

  if (kind === "availability") {
    if (objective["op"] !== undefined || objective["value"] !== undefined) {
      return {
        field: objective["op"] !== undefined ? `${at}.op` : `${at}.value`,
        message: "only applies to thresholdMetric (latency) indicators; remove it or use spec.indicator.spec.thresholdMetric",
      };
    }
    return { objective: percent, thresholdMs: null, displayName };
  }

  const op = objective["op"];
  if (op !== "lt" && op !== "lte") {
    return {
      field: `${at}.op`,
      message: `must be lt or lte: a latency SLO counts requests faster than objectives[${index}].value (got ${describeYamlValue(op)})`,
    };
  }
  const threshold = objective["value"];
  if (typeof threshold !== "number" || !Number.isInteger(threshold) || threshold <= 0) {
    return {
      field: `${at}.value`,
      message: `must be the latency threshold in whole milliseconds, e.g. 300 (got ${describeYamlValue(threshold)})`,
    };
  }
  return { objective: percent, thresholdMs: threshold, displayName };
}

/**
 * One SLO per objective: the document's name for a single objective; for several,
 * `<name>-<displayName as a slug>` (or `<name>-<position>` without a usable, unique one).
 */
function objectiveNames(name: string, objectives: readonly ReadObjective[]): string[] {
  if (objectives.length === 1) return [name];
  const slugs = objectives.map((objective) =>
    (objective.displayName ?? "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, ""),
  );
  return slugs.map((slug, index) => (slug !== "" && slugs.indexOf(slug) === index ? `${name}-${slug}` : `${name}-${index + 1}`));
}

function readTargetPercent(objective: Record<string, unknown>, at: string): number | Failure {
  const target = objective["target"];
  const targetPercent = objective["targetPercent"];
  if (target !== undefined && targetPercent !== undefined) {
    return { field: at, message: "has both target and targetPercent; keep one" };
  }
  if (targetPercent !== undefined) {
    if (typeof targetPercent !== "number" || !(targetPercent > 0 && targetPercent < 100)) {
      return {
        field: `${at}.targetPercent`,
        message: `must be a percentage above 0 and below 100 (100 leaves no error budget), e.g. 99.9 (got ${describeYamlValue(targetPercent)})`,
      };
    }
    return targetPercent;
  }
  if (typeof target !== "number" || !(target > 0 && target < 1)) {
    return {
      field: `${at}.target`,
      message: `must be a ratio above 0 and below 1 (1 leaves no error budget), e.g. 0.999 (got ${describeYamlValue(target)})`,
    };
  }
  // 0.9995 * 100 is 99.95000000000002 in binary floats; keep the decimal the author wrote.
  return Number((target * 100).toPrecision(12));
}

const BUDGETING_METHODS: readonly BudgetingMethod[] = ["Occurrences", "Timeslices", "RatioTimeslices"];
const SLICE_UNITS_MINUTES: Record<string, number> = { m: 1, h: 60, d: 1440 };

/** OpenSLO objectives carry `timeSliceTarget` (Timeslices) and `timeSliceWindow` (both slice methods). */
function readSliceFields(objective: Record<string, unknown> | null, index: number, method: BudgetingMethod): { timeSliceTarget?: number; sliceMinutes?: number } | Failure {
  if (method === "Occurrences" || objective === null) return {};
  const at = `spec.objectives[${index}]`;
  const window = objective["timeSliceWindow"];
  const match = typeof window === "string" ? DURATION.exec(window.trim()) : typeof window === "number" ? [String(window), String(window), "s"] : null;
  const minutes = match ? (Number(match[1]) * (SLICE_UNITS_MINUTES[match[2] ?? ""] ?? Number.NaN)) : Number.NaN;
  if (!SLICE_WINDOWS.has(minutes)) {
    return {
      field: `${at}.timeSliceWindow`,
      message: `${method} needs a slice length Plumbline measures: one of ${[...SLICE_WINDOWS.values()].join(", ")} (got ${describeYamlValue(window)})`,
    };
  }
  if (method === "RatioTimeslices") return { sliceMinutes: minutes };
  const target = objective["timeSliceTarget"];
  if (typeof target !== "number" || !(target > 0 && target <= 1)) {
    return { field: `${at}.timeSliceTarget`, message: `Timeslices needs the good ratio a slice must reach, above 0 and at most 1, e.g. 0.95 (got ${describeYamlValue(target)})` };
  }
  return { timeSliceTarget: target, sliceMinutes: minutes };
}

function budgetingOf(
  method: BudgetingMethod,
  slice: { timeSliceTarget?: number; sliceMinutes?: number } | Failure | undefined,
  calendar: CalendarWindow | undefined,
): { budgeting?: SloBudgeting } {
  const budgeting: SloBudgeting = {
    ...(method === "Occurrences" ? {} : { method }),
    ...(slice === undefined || "field" in slice ? {} : slice),
    ...(calendar === undefined ? {} : { calendar }),
  };
  return Object.keys(budgeting).length === 0 ? {} : { budgeting };
}

function readMinRequests(annotations: Record<string, unknown> | null): number | Failure {
  const raw = annotations?.[OPENSLO_MIN_REQUESTS_ANNOTATION];
  if (raw === undefined) return DEFAULT_MIN_REQUESTS;
  const text = typeof raw === "number" ? String(raw) : raw;
  if (typeof text !== "string" || !/^\d+$/.test(text.trim())) {
    return {
      field: `metadata.annotations.${OPENSLO_MIN_REQUESTS_ANNOTATION}`,
      message: `must be a whole number of requests, e.g. "100" (got ${describeYamlValue(raw)})`,
    };
  }
  return Number(text.trim());
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}
