/**
 * The windows the SLO math asks telemetry for: the multiwindow burn-rate alert windows
 * (SRE Workbook table 5-8 plus the ticket rule) and the SLO window itself, which an
 * organization may set (28 days by default, 30 for calendar-minded teams).
 */

export const ALERT_WINDOWS = ["5m", "30m", "1h", "2h", "6h", "1d", "3d"] as const;
export type AlertWindowName = (typeof ALERT_WINDOWS)[number];

/** A whole number of days, e.g. "28d". */
export type SloWindowName = `${number}d`;

export type WindowName = AlertWindowName | SloWindowName;

export const DEFAULT_SLO_WINDOW: SloWindowName = "28d";

// Longer than a quarter is beyond what any Prometheus retention we target keeps.
const MAX_SLO_WINDOW_DAYS = 90;
const SLO_WINDOW = /^([1-9][0-9]?)d$/;

/** Reads a window name from configuration; throws with the accepted forms otherwise. */
export function parseWindowName(text: string): WindowName {
  if ((ALERT_WINDOWS as readonly string[]).includes(text)) return text as AlertWindowName;
  const days = SLO_WINDOW.exec(text);
  if (days?.[1] !== undefined && Number(days[1]) <= MAX_SLO_WINDOW_DAYS) return text as SloWindowName;
  throw new RangeError(
    `"${text}" is not a telemetry window: use one of ${ALERT_WINDOWS.join(", ")} or a number of days up to ${MAX_SLO_WINDOW_DAYS}d, e.g. "28d"`,
  );
}

/** Every window the SLO evaluation needs, shortest first, without duplicates. */
export function telemetryWindows(sloWindow: SloWindowName = DEFAULT_SLO_WINDOW): WindowName[] {
  const slo = parseWindowName(sloWindow);
  const windows: WindowName[] = [...ALERT_WINDOWS];
  if (!windows.includes(slo)) windows.push(slo);
  return windows.sort((a, b) => windowSeconds(a) - windowSeconds(b));
}

/** Length of a window in seconds. */
export function windowSeconds(window: WindowName): number {
  const amount = Number(window.slice(0, -1));
  const unit = window.slice(-1);
  const perUnit = unit === "m" ? 60 : unit === "h" ? 3600 : 86_400;
  return amount * perUnit;
}
