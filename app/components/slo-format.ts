import type { TSloSummary } from "@/server/slo/slo.schemas.ts";

/** Display formatting for SLO numbers. Unknown values render as an em dash, never 0. */

const DASH = "—";

/** 99.95 → "99.95%": objectives are shown exactly as written. */
export function formatObjective(objective: number): string {
  return `${Number(objective.toPrecision(12))}%`;
}

/** SLIs sit close to 100 %, so three decimals: 0.99951 → "99.951%". */
export function formatSli(sli: number | null): string {
  if (sli === null) return DASH;
  return `${(sli * 100).toFixed(3)}%`;
}

/** Budget remaining as a percentage, negative when overspent: 0.6 → "60.0%", -0.12 → "-12.0%". */
export function formatBudget(budget: number | null): string {
  if (budget === null) return DASH;
  return `${(budget * 100).toFixed(1)}%`;
}

/** Burn rates: "40x", "2.5x", "0.12x"; 1x spends the budget exactly over the window. */
export function formatBurn(burn: number | null): string {
  if (burn === null) return DASH;
  if (burn >= 10) return `${Math.round(burn)}x`;
  if (burn >= 1) return `${burn.toFixed(1)}x`;
  return `${burn.toFixed(2)}x`;
}

/** Request counts from increase() are fractional; people read whole requests. */
export function formatEvents(count: number | null): string {
  if (count === null) return DASH;
  return Math.round(count).toLocaleString("en-US");
}

/** "99.9% of requests succeed over 28 days" / "99% of requests faster than 300 ms over 28 days". */
export function describeSloTarget(slo: Pick<TSloSummary, "kind" | "objective" | "windowDays" | "latencyThresholdMs">): string {
  const what = slo.kind === "latency" ? `faster than ${slo.latencyThresholdMs ?? "?"} ms` : "succeed (non-5xx)";
  return `${formatObjective(slo.objective)} of requests ${what} over ${slo.windowDays} days`;
}

export const SLO_KIND_LABELS: Record<TSloSummary["kind"], string> = { availability: "Availability", latency: "Latency" };
