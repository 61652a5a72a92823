import type { BurnRateAlertRule } from "./burn-rate-alerts.ts";
import type { TSloStatusValue } from "@/domain/graph/slo-status-order.ts";

/** One status vocabulary for the whole product; the graph already ranks these values. */
export type SloStatus = TSloStatusValue;

export type SloKind = "availability" | "latency";

export interface SloDefinition {
  kind: SloKind;
  /** Percent, strictly between 0 and 100, e.g. 99.9. */
  objective: number;
  /** Length of the rolling SLO window. */
  windowDays: number;
  /** Latency SLOs only: a request is good when faster than this. Counting happens upstream. */
  latencyThresholdMs?: number;
  /** Below this many requests a window is too thin to judge (one failure in ten is not a 10 % error rate). */
  minRequests: number;
  /** Burn-rate alerts from OpenSLO AlertConditions; absent = the SRE Workbook defaults (BURN_RATE_ALERTS). */
  alertRules?: readonly BurnRateAlertRule[];
}

/** For latency SLOs `good` is the number of requests under the threshold. */
export interface SliCounts {
  good: number;
  total: number;
}

/**
 * The alert windows of the SRE Workbook plus "slo", the full rolling SLO window.
 * The short names are valid PromQL range durations, so adapters can use them as is.
 */
export const WINDOW_NAMES = ["5m", "30m", "1h", "2h", "6h", "1d", "3d", "slo"] as const;
export type WindowName = (typeof WINDOW_NAMES)[number];
export type AlertWindowName = Exclude<WindowName, "slo">;

export type TelemetryWindows = Partial<Record<WindowName, SliCounts>>;

/** Counts plus what the mesh worker knows about how fresh they are. */
export interface SloTelemetry {
  windows: TelemetryWindows;
  /** When the counts were measured; null when nothing was ever measured. */
  measuredAt: Date | null;
  /** Set by the telemetry worker when it knows the data is bad, e.g. "Prometheus unreachable". */
  staleReason: string | null;
}
