import { formatDurationMs } from "@/domain/time/duration.ts";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/** The fastest page alert (1 h and 5 min above 14.4x, SRE Workbook). */
const PAGE_LONG_WINDOW_MS = HOUR_MS;
const PAGE_SHORT_WINDOW_MS = 5 * MINUTE_MS;
const PAGE_BURN_RATE = 14.4;

export interface TFaultEffectInput {
  /** Share of requests the fault fails, 0..1. */
  errorRate: number;
  /** How long the fault lasts, simulated ms. */
  durationMs: number;
  /** PLUMBLINE_DEMO_SPEED: simulated time per wall-clock time. */
  speed: number;
  /** How often the mesh is read and SLOs are evaluated in the demo (wall clock, ms). */
  refreshMs: number;
  /** The service's strictest availability SLO, when it has one. */
  slo: { objective: number; windowDays: number; budgetRemaining: number | null } | null;
}

/** When each effect of a fault shows, on the wall clock, in the order they come. */
export interface TFaultEffect {
  /** The SLI, the 5-minute burn rate and every caller's edge: the next mesh reading and evaluation. */
  firstVisibleMs: number;
  /** The page alert turns the SLO "at risk"; null when the fault is too weak or too short for it. */
  pageAlertMs: number | null;
  /** The remaining budget is spent ("breached"); null when the fault ends first or nothing is known. */
  budgetExhaustedMs: number | null;
  sentence: string;
}

/**
 * What injecting a fault will do and when, so the demo's fault knob can say it instead of
 * leaving a newcomer staring at an unchanged page. Wall-clock times: simulated durations
 * divided by the demo speed. Baseline errors are ignored (they are a few percent of the
 * budget), so the times are a little late rather than early.
 */
export function describeFaultEffect(input: TFaultEffectInput): TFaultEffect {
  const { errorRate, durationMs, speed, refreshMs, slo } = input;
  const firstVisibleMs = 2 * refreshMs;
  const parts = [`Within ${Math.round(firstVisibleMs / 1000)} s the SLI, the 5-minute burn rate and the callers' edges show it`];
  if (slo === null) {
    return { firstVisibleMs, pageAlertMs: null, budgetExhaustedMs: null, sentence: `${parts[0]} (this service has no availability SLO to burn).` };
  }
  const allowed = 1 - slo.objective / 100;
  const burn = errorRate / allowed;
  // The 1 h window's burn grows linearly while the fault lasts: it crosses 14.4x after 14.4/burn of an hour.
  const pageSimMs = burn > PAGE_BURN_RATE ? Math.max(PAGE_SHORT_WINDOW_MS * (PAGE_BURN_RATE / burn), (PAGE_BURN_RATE / burn) * PAGE_LONG_WINDOW_MS) : null;
  const pageAlertMs = pageSimMs !== null && pageSimMs <= durationMs ? pageSimMs / speed + refreshMs : null;
  const remaining = slo.budgetRemaining;
  const exhaustSimMs = remaining === null ? null : remaining <= 0 ? 0 : (remaining * slo.windowDays * 24 * HOUR_MS) / burn;
  const budgetExhaustedMs = exhaustSimMs !== null && exhaustSimMs <= durationMs ? exhaustSimMs / speed + refreshMs : null;
  parts.push(
    pageAlertMs === null
      ? `at ${formatBurn(burn)} the budget burns ${burn > PAGE_BURN_RATE ? "fast, but the fault ends before the page alert (1 h & 5 min above 14.4x) can fire" : "too slowly for the page alert (1 h & 5 min above 14.4x)"}`
      : `the page alert fires and the SLO turns at risk after about ${formatDurationMs(roundUp(pageAlertMs))}`,
  );
  parts.push(
    budgetExhaustedMs === null
      ? remaining === null
        ? "the budget left is not known yet"
        : "the fault ends before the budget runs out"
      : `the budget runs out (breached) after about ${formatDurationMs(roundUp(budgetExhaustedMs))}`,
  );
  return { firstVisibleMs, pageAlertMs, budgetExhaustedMs, sentence: `${parts.join("; ")}.` };
}

function formatBurn(burn: number): string {
  return burn >= 10 ? `${Math.round(burn)}x` : `${burn.toFixed(1)}x`;
}

/** Whole seconds below two minutes, whole minutes below two hours, then whole hours: a forecast, not a measurement. */
function roundUp(ms: number): number {
  const unit = ms < 2 * MINUTE_MS ? 1000 : ms < 2 * HOUR_MS ? MINUTE_MS : HOUR_MS;
  return Math.ceil(ms / unit) * unit;
}
