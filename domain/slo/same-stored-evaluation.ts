import { canonicalJson } from "@/domain/gate/canonical-json.ts";

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
 * compare with sorted keys (jsonb keeps its own key order).
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
    canonicalJson(stored.burnRates) === canonicalJson(next.burnRates) &&
    canonicalJson(stored.alerts) === canonicalJson(next.alerts)
  );
}
