import { BURN_RATE_ALERTS, type BurnRateAlertRule } from "./burn-rate-alerts.ts";
import { burnRate } from "./burn-rate.ts";
import { normalizeSliCounts } from "./normalize-sli-counts.ts";
import type { TelemetryWindows, WindowName } from "./slo-types.ts";

export interface AlertEvaluation extends BurnRateAlertRule {
  /** Null when the window has no usable counts. */
  longBurn: number | null;
  shortBurn: number | null;
  firing: boolean;
  /** A window is missing or has fewer than minRequests requests, so this alert cannot fire. */
  insufficientData: boolean;
}

/**
 * Multiwindow, multi-burn-rate alerts: each fires when BOTH its long and short window
 * burn above its threshold. A thin window cannot fire its alert (three failures out of
 * five requests is a 600x burn of nothing) and is reported as insufficient instead.
 */
export function evaluateAlerts(
  objective: number,
  windows: TelemetryWindows,
  minRequests: number,
  rules: readonly BurnRateAlertRule[] = BURN_RATE_ALERTS,
): AlertEvaluation[] {
  const read = (window: WindowName) => {
    const counts = normalizeSliCounts(windows[window]);
    const burn = counts === null ? null : burnRate(objective, counts.good, counts.total);
    const isSufficient = counts !== null && burn !== null && counts.total >= minRequests;
    return { burn, isSufficient };
  };

  return rules.map((rule) => {
    const long = read(rule.longWindow);
    const short = read(rule.shortWindow);
    const insufficientData = !long.isSufficient || !short.isSufficient;
    const firing =
      !insufficientData &&
      long.burn !== null &&
      short.burn !== null &&
      long.burn > rule.threshold &&
      short.burn > rule.threshold;
    return { ...rule, longBurn: long.burn, shortBurn: short.burn, firing, insufficientData };
  });
}
