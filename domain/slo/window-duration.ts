import type { AlertWindowName, WindowName } from "./slo-types.ts";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

const ALERT_WINDOW_MS: Record<AlertWindowName, number> = {
  "5m": 5 * MINUTE_MS,
  "30m": 30 * MINUTE_MS,
  "1h": HOUR_MS,
  "2h": 2 * HOUR_MS,
  "6h": 6 * HOUR_MS,
  "1d": DAY_MS,
  "3d": 3 * DAY_MS,
};

/** Length of a window, so telemetry adapters can ask for exactly this range. */
export function windowDurationMs(window: WindowName, sloWindowDays: number): number {
  if (window === "slo") return sloWindowDays * DAY_MS;
  return ALERT_WINDOW_MS[window];
}
