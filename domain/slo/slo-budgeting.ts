import { calendarPeriod, type CalendarWindow } from "./calendar-window.ts";
import { errorBudgetRatio } from "./error-budget-ratio.ts";
import type { SloEvaluation } from "./evaluate-slo.ts";
import { formatPercent } from "./format-slo-text.ts";
import { roundRatio } from "./round-ratio.ts";
import type { AlertWindowName } from "./slo-types.ts";
import { ratioTimeslicesBudget, timeslicesBudget, type TimeSlice } from "./timeslice-budget.ts";

export type BudgetingMethod = "Occurrences" | "Timeslices" | "RatioTimeslices";

/** How an SLO spends its budget (OpenSLO `budgetingMethod`) and over which window; `{}` is Occurrences, rolling. */
export interface SloBudgeting {
  method?: BudgetingMethod;
  /** Timeslices: a slice is good when its good/total ratio reaches this (0 < x <= 1). */
  timeSliceTarget?: number;
  /** Timeslices, RatioTimeslices: the slice length (OpenSLO `timeSliceWindow`). */
  sliceMinutes?: number;
  /** A calendar-aligned window instead of the rolling `windowDays`. */
  calendar?: CalendarWindow;
}

/**
 * Slices are recorded from the telemetry windows Plumbline already measures, so a slice
 * is one of their lengths. A calendar window budgeted by Occurrences sums 5-minute slices.
 */
export const SLICE_WINDOWS: ReadonlyMap<number, AlertWindowName> = new Map([
  [5, "5m"],
  [30, "30m"],
  [60, "1h"],
  [120, "2h"],
  [360, "6h"],
  [1440, "1d"],
]);

export function usesTimeSlices(budgeting: SloBudgeting): boolean {
  return (budgeting.method !== undefined && budgeting.method !== "Occurrences") || budgeting.calendar !== undefined;
}

export function sliceMinutesOf(budgeting: SloBudgeting): number {
  return budgeting.sliceMinutes ?? 5;
}

/** The window the budget is counted over at `now`: the calendar period holding it, else the rolling window ending now. */
export function budgetWindow(budgeting: SloBudgeting, windowDays: number, now: Date): { start: Date; end: Date; measuredUntil: Date } {
  if (budgeting.calendar !== undefined) return { ...calendarPeriod(budgeting.calendar, now), measuredUntil: now };
  return { start: new Date(now.getTime() - windowDays * 86_400_000), end: now, measuredUntil: now };
}

export interface SliceBudgetResult {
  sli: number | null;
  budgetRemaining: number | null;
  /** One sentence on the slices, for the status reason. */
  summary: string;
}

/**
 * The SLI and budget of a slice-budgeted SLO from its recorded slices in the window:
 * Timeslices counts bad slices against floor(slices in the window × (1 − objective)),
 * RatioTimeslices averages the slices' ratios, Occurrences (a calendar window) sums the
 * slices' counts. Null when no slice with requests was recorded in the window yet.
 */
export function evaluateSliceBudget(input: {
  budgeting: SloBudgeting;
  objective: number;
  window: { start: Date; end: Date };
  slices: readonly (TimeSlice & { start: Date })[];
}): SliceBudgetResult | null {
  const { budgeting, objective, window } = input;
  const sliceMs = sliceMinutesOf(budgeting) * 60_000;
  const inWindow = input.slices.filter((s) => s.start.getTime() >= window.start.getTime() && s.start.getTime() < window.end.getTime());
  if (!inWindow.some((s) => s.total > 0)) return null;
  const method = budgeting.method ?? "Occurrences";
  if (method === "Timeslices") {
    const sliceCount = Math.max(inWindow.length, Math.round((window.end.getTime() - window.start.getTime()) / sliceMs));
    const budget = timeslicesBudget({ objective, timeSliceTarget: budgeting.timeSliceTarget ?? 1, sliceCount, slices: inWindow });
    const good = inWindow.length - budget.badSlices;
    return {
      sli: roundRatio(good / inWindow.length),
      budgetRemaining: budget.allowedBadSlices === 0 ? (budget.badSlices === 0 ? 1 : -1) : budget.budgetRemaining,
      summary: `${budget.badSlices} of ${inWindow.length} ${sliceMinutesOf(budgeting)}-minute slices recorded were bad (below ${formatPercent(budgeting.timeSliceTarget ?? 1)}); the window allows ${budget.allowedBadSlices} of ${sliceCount}`,
    };
  }
  if (method === "RatioTimeslices") {
    const result = ratioTimeslicesBudget(objective, inWindow);
    if (result === null) return null;
    return { ...result, summary: `mean of ${inWindow.filter((s) => s.total > 0).length} slice ratios: ${formatPercent(result.sli)}` };
  }
  const good = inWindow.reduce((sum, s) => sum + Math.min(s.good, s.total), 0);
  const total = inWindow.reduce((sum, s) => sum + s.total, 0);
  const sli = good / total;
  return {
    sli: roundRatio(sli),
    budgetRemaining: roundRatio(1 - (1 - sli) / errorBudgetRatio(objective)),
    summary: `${Math.round(total)} requests in this calendar period so far, ${formatPercent(sli)} good`,
  };
}

/** A stored `Slo.budgeting` value back as SloBudgeting; anything unexpected reads as the default (Occurrences, rolling). */
export function readStoredBudgeting(value: unknown): SloBudgeting {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  const v = value as Record<string, unknown>;
  const method = v["method"] === "Timeslices" || v["method"] === "RatioTimeslices" ? v["method"] : undefined;
  const calendar = v["calendar"] as CalendarWindow | undefined;
  return {
    ...(method ? { method } : {}),
    ...(typeof v["timeSliceTarget"] === "number" ? { timeSliceTarget: v["timeSliceTarget"] } : {}),
    ...(typeof v["sliceMinutes"] === "number" && SLICE_WINDOWS.has(v["sliceMinutes"]) ? { sliceMinutes: v["sliceMinutes"] } : {}),
    ...(calendar && typeof calendar === "object" && typeof calendar.startTime === "string" ? { calendar } : {}),
  };
}

/**
 * The evaluation of a slice-budgeted SLO: staleness, minimum requests and burn-rate alerts
 * as for any SLO (from the rolling counts), the SLI and the budget from the slices. The
 * status follows the same rule: budget spent → breached, an alert firing → at_risk, else healthy.
 */
export function applySliceBudget(result: SloEvaluation, slice: SliceBudgetResult | null): SloEvaluation {
  if (result.status === "no_data") return result;
  const numbers = { budgetRemainingEvents: null, allowedBadEvents: null };
  if (slice === null) {
    return {
      ...result,
      ...numbers,
      sli: null,
      budgetRemaining: null,
      status: "no_data",
      reason: "No time slice recorded in this window yet: the budget is counted from slices as they are measured.",
      isOutOfSlo: false,
    };
  }
  const firing = result.alerts.filter((alert) => alert.firing);
  const spent = slice.budgetRemaining !== null && slice.budgetRemaining <= 0;
  const status = spent ? "breached" : firing.length > 0 ? "at_risk" : "healthy";
  const left = slice.budgetRemaining === null ? "" : `${formatPercent(Math.max(slice.budgetRemaining, 0))} of the budget left`;
  const reason =
    status === "breached"
      ? `Error budget spent: ${slice.summary}.`
      : status === "at_risk"
        ? `${firing.map((alert) => `${alert.severity} burn-rate alert ${alert.longWindow}/${alert.shortWindow} firing`).join(", ")}; ${left}: ${slice.summary}.`
        : `${left}: ${slice.summary}.`;
  return {
    ...result,
    ...numbers,
    sli: slice.sli,
    budgetRemaining: slice.budgetRemaining,
    status,
    reason,
    isOutOfSlo: status === "breached" || firing.some((alert) => alert.severity === "page"),
  };
}
