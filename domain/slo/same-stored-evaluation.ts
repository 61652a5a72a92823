import { sameCanonicalJson } from "@/domain/gate/canonical-json.ts";

/** What an evaluation stores on an SLO row, besides the moment it ran. */
export interface TStoredEvaluationValues {
  status: string;
  statusReason: string | null;
  sli: number | null;
  budgetRemaining: number | null;
  burnRates: unknown;
  alerts: unknown;
  isOutOfSlo: boolean;
  isTelemetryStale: boolean;
  windowGoodEvents: number | null;
  windowTotalEvents: number | null;
}

/**
 * True when a new evaluation would store exactly what the row already holds, so the
 * cycle only has to move its evaluatedAt (a small HOT update) instead of rewriting every
 * column. Exact comparison, not display precision: the API returns the raw values, and
 * a stored value that lags its evaluation would be a behaviour change. JSON columns
 * compare as their sorted-key JSON would (jsonb keeps its own key order).
 */
export function sameStoredEvaluation(stored: TStoredEvaluationValues, next: TStoredEvaluationValues): boolean {
  return (
    stored.status === next.status &&
    stored.statusReason === next.statusReason &&
    stored.sli === next.sli &&
    stored.budgetRemaining === next.budgetRemaining &&
    stored.isOutOfSlo === next.isOutOfSlo &&
    stored.isTelemetryStale === next.isTelemetryStale &&
    stored.windowGoodEvents === next.windowGoodEvents &&
    stored.windowTotalEvents === next.windowTotalEvents &&
    sameCanonicalJson(stored.burnRates, next.burnRates) &&
    sameCanonicalJson(stored.alerts, next.alerts)
  );
}

/** One stored alert of an SLO row (what the evaluation writes to its `alerts` column). */
export interface TStoredAlert {
  severity: string;
  longWindow: string;
  shortWindow: string;
  threshold: number;
  firing: boolean;
  insufficientData: boolean;
}

const ALERT_FIELDS = ["severity", "longWindow", "shortWindow", "threshold", "firing", "insufficientData"] as const;

/**
 * True when the stored `alerts` value is exactly these alerts (same order, same fields,
 * nothing more), so a write can leave the column as it is instead of sending it again.
 * Field by field rather than canonicalJson: it runs for every SLO of a cycle.
 */
export function sameAlerts(stored: unknown, next: readonly TStoredAlert[]): boolean {
  if (!Array.isArray(stored) || stored.length !== next.length) return false;
  return next.every((alert, index) => {
    const candidate: unknown = stored[index];
    if (typeof candidate !== "object" || candidate === null || Array.isArray(candidate)) return false;
    const record = candidate as Record<string, unknown>;
    return Object.keys(record).length === ALERT_FIELDS.length && ALERT_FIELDS.every((field) => record[field] === alert[field]);
  });
}
