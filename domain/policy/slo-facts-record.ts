import type { SloFacts } from "./policy-types.ts";

/** The SLO numbers kept with a decision, flat so the audit view can print them as is. */
export function sloFactsRecord(slo: SloFacts | null): Record<string, unknown> {
  if (slo === null) return { slo: null };
  return {
    sloName: slo.sloName,
    status: slo.status,
    isOutOfSlo: slo.isOutOfSlo,
    budgetRemaining: slo.budgetRemaining,
    burnRate1h: slo.burnRate1h,
    stale: slo.stale,
  };
}
