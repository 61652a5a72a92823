import { assertObjective } from "./assert-slo-inputs.ts";
import { budgetRemaining } from "./budget-remaining.ts";
import { burnRate } from "./burn-rate.ts";
import { errorBudget } from "./error-budget.ts";
import { evaluateAlerts, type AlertEvaluation } from "./evaluate-alerts.ts";
import { formatAge, formatBurnRate, formatCount, formatPercent, formatSliPercent } from "./format-slo-text.ts";
import { normalizeSliCounts } from "./normalize-sli-counts.ts";
import type { SloDefinition, SloStatus, SloTelemetry, TelemetryWindows, WindowName } from "./slo-types.ts";

export interface SloEvaluation {
  status: SloStatus;
  /** One sentence a person can act on; shown on the service page and in Slack. */
  reason: string;
  /** good / total over the SLO window, 0..1. */
  sli: number | null;
  /** 1 - bad / allowed; negative when overspent. */
  budgetRemaining: number | null;
  /** allowed - bad, in events; negative when overspent. */
  budgetRemainingEvents: number | null;
  allowedBadEvents: number | null;
  burnRates: Record<WindowName, number | null>;
  alerts: AlertEvaluation[];
  /** DESIGN "out of SLO" for the gate: breached, or a page alert firing. */
  isOutOfSlo: boolean;
}

/**
 * Status of one SLO at `now`, first rule that applies wins:
 * stale or missing telemetry → no_data; too few requests in the SLO window → no_data;
 * budget remaining <= 0 → breached; any burn-rate alert firing → at_risk; else healthy.
 * no_data is never healthy: a silent exporter must not look like a reliable service.
 */
export function evaluateSlo(
  definition: SloDefinition,
  telemetry: SloTelemetry,
  now: Date,
  staleAfterMs: number,
): SloEvaluation {
  assertDefinition(definition);
  if (Number.isNaN(now.getTime())) throw new RangeError("now must be a valid date");
  const { objective, windowDays, minRequests } = definition;
  const windowLabel = `${windowDays}-day`;

  const staleness = describeStaleness(telemetry, now, staleAfterMs);
  if (staleness !== null) {
    // Old counts describe the past, not now: report them as unknown rather than current.
    return {
      ...unknownNumbers(),
      status: "no_data",
      reason: staleness,
      alerts: evaluateAlerts(objective, {}, minRequests, definition.alertRules),
      isOutOfSlo: false,
    };
  }

  const { windows } = telemetry;
  const burnRates = burnRatesOf(objective, windows);
  const alerts = evaluateAlerts(objective, windows, minRequests, definition.alertRules);
  const slo = normalizeSliCounts(windows.slo);
  if (slo === null || slo.total === 0) {
    const reason =
      slo === null ? `No telemetry for the ${windowLabel} window` : `No requests in the ${windowLabel} window`;
    return { ...unknownNumbers(), burnRates, status: "no_data", reason, alerts, isOutOfSlo: false };
  }

  const bad = slo.total - slo.good;
  const allowedBadEvents = errorBudget(objective, slo.total);
  const remaining = budgetRemaining(objective, slo.good, slo.total);
  const numbers = {
    sli: slo.good / slo.total,
    budgetRemaining: remaining,
    budgetRemainingEvents: allowedBadEvents - bad,
    allowedBadEvents,
    burnRates,
    alerts,
  };

  // A thin window is measured, just not judged: its numbers are shown, its status is not.
  if (slo.total < minRequests) {
    const reason = `Only ${formatCount(slo.total)} requests in the ${windowLabel} window; at least ${formatCount(minRequests)} are needed to judge the SLO`;
    return { ...numbers, status: "no_data", reason, isOutOfSlo: false };
  }

  if (remaining !== null && remaining <= 0) {
    const reason = `Budget exhausted: ${formatPercent(1 - remaining)} of the ${windowLabel} error budget spent`;
    return { ...numbers, status: "breached", reason, isOutOfSlo: true };
  }

  const budgetLeft = remaining === null ? "" : `; ${formatPercent(remaining)} of the ${windowLabel} budget left`;
  const firing = alerts.filter((alert) => alert.firing);
  const [first] = firing;
  if (first !== undefined) {
    const more = firing.length > 1 ? `; ${firing.length - 1} more alert${firing.length > 2 ? "s" : ""} firing` : "";
    const severity = first.severity === "page" ? "Page" : "Ticket";
    const reason =
      `${severity} alert: burning the error budget at ${formatBurnRate(first.longBurn ?? 0)} over ${first.longWindow} ` +
      `and ${formatBurnRate(first.shortBurn ?? 0)} over ${first.shortWindow} (threshold ${formatBurnRate(first.threshold)})` +
      budgetLeft +
      more;
    return { ...numbers, status: "at_risk", reason, isOutOfSlo: firing.some((alert) => alert.severity === "page") };
  }

  const what =
    definition.kind === "latency"
      ? definition.latencyThresholdMs === undefined
        ? "fast enough"
        : `under ${definition.latencyThresholdMs} ms`
      : "succeeded";
  const unjudged = alerts.filter((alert) => alert.insufficientData).length;
  // Healthy with blind alert windows is still healthy, but say so: a quiet night
  // means a fast burn could not be seen yet.
  const blind = unjudged > 0 ? `; ${unjudged} of ${alerts.length} burn-rate alerts lack traffic to evaluate` : "";
  const reason = `${formatSliPercent(numbers.sli)} of requests ${what} over ${windowDays} days${budgetLeft}${blind}`;
  return { ...numbers, status: "healthy", reason, isOutOfSlo: false };
}

function assertDefinition(definition: SloDefinition): void {
  assertObjective(definition.objective);
  if (!(definition.windowDays > 0)) throw new RangeError(`SLO window must be positive, got ${definition.windowDays} days`);
  if (!(definition.minRequests >= 0)) throw new RangeError(`minRequests must be >= 0, got ${definition.minRequests}`);
}

/** A sentence when telemetry cannot be trusted, null when it is fresh. */
function describeStaleness(telemetry: SloTelemetry, now: Date, staleAfterMs: number): string | null {
  const { measuredAt, staleReason } = telemetry;
  const measuredMs = measuredAt?.getTime() ?? Number.NaN;
  if (Number.isNaN(measuredMs)) {
    return staleReason === null ? "No telemetry received yet" : `No telemetry yet (${staleReason})`;
  }
  // A measurement from the future (clock skew between workers) counts as fresh.
  const ageMs = Math.max(0, now.getTime() - measuredMs);
  if (staleReason === null && ageMs <= staleAfterMs) return null;
  const why = staleReason ?? `nothing newer than ${formatAge(staleAfterMs)} arrived`;
  return `No telemetry for ${formatAge(ageMs)} (${why})`;
}

function burnRatesOf(objective: number, windows: TelemetryWindows): Record<WindowName, number | null> {
  return perWindow((window) => {
    const counts = normalizeSliCounts(windows[window]);
    return counts === null ? null : burnRate(objective, counts.good, counts.total);
  });
}

/** Spelled out rather than Object.fromEntries so the compiler checks every window is present. */
function perWindow<T>(of: (window: WindowName) => T): Record<WindowName, T> {
  return {
    "5m": of("5m"),
    "30m": of("30m"),
    "1h": of("1h"),
    "2h": of("2h"),
    "6h": of("6h"),
    "1d": of("1d"),
    "3d": of("3d"),
    slo: of("slo"),
  };
}

function unknownNumbers() {
  return {
    sli: null,
    budgetRemaining: null,
    budgetRemainingEvents: null,
    allowedBadEvents: null,
    burnRates: perWindow(() => null),
  };
}
