import type { AlertWindowName } from "./slo-types.ts";

export type AlertSeverity = "page" | "ticket";

export interface BurnRateAlertRule {
  severity: AlertSeverity;
  longWindow: AlertWindowName;
  shortWindow: AlertWindowName;
  /** Fires when both windows burn strictly above this rate. */
  threshold: number;
}

/**
 * SRE Workbook, "Alerting on SLOs", table 5-8 plus the 3x ticket rule, as DESIGN
 * fixes them. The long window makes an alert significant (2 % / 5 % / 10 % / 10 % of a
 * 30-day budget gone); the short window, 1/12 of it, makes it stop soon after the
 * burning stops. Ordered most urgent first, which is how reasons pick one to name.
 */
export const BURN_RATE_ALERTS: readonly BurnRateAlertRule[] = [
  { severity: "page", longWindow: "1h", shortWindow: "5m", threshold: 14.4 },
  { severity: "page", longWindow: "6h", shortWindow: "30m", threshold: 6 },
  { severity: "ticket", longWindow: "1d", shortWindow: "2h", threshold: 3 },
  { severity: "ticket", longWindow: "3d", shortWindow: "6h", threshold: 1 },
];
