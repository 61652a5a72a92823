import type { SloFacts } from "./policy-types.ts";

/**
 * Stale data describes the past, so it outranks whatever status it last showed: a stale
 * "healthy" must not pass and a stale "breached" is not current either. Both go to the
 * policy's staleTelemetry setting.
 */
export function isSloUnknown(slo: SloFacts): boolean {
  return slo.stale || slo.status === "no_data";
}
