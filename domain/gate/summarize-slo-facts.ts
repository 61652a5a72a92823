import type { TSloStatusValue } from "@/domain/graph/slo-status-order.ts";
import type { SloFacts } from "@/domain/policy/policy-types.ts";

/** One SLO row as the SLO worker leaves it (server/slo), reduced to what the gate reads. */
export interface SloRowFacts {
  name: string;
  status: TSloStatusValue;
  /** Written by the SLO worker: breached, or a page-level burn-rate alert firing. */
  isOutOfSlo: boolean;
  isTelemetryStale: boolean;
  budgetRemaining: number | null;
  /** The worker's JSON map of window → burn rate ("1h", "6h", ...); unknown shape tolerated. */
  burnRates: unknown;
}

// Ranked like domain/graph/slo-status-order.ts: missing data never looks healthier than at_risk.
const SEVERITY: Record<TSloStatusValue, number> = { healthy: 0, at_risk: 1, no_data: 2, breached: 3 };

/**
 * The gate's view of a service with several SLOs: the worst one speaks for it, so a
 * breached latency SLO is not hidden behind a healthy availability SLO. Out of SLO if
 * any SLO is (the worker's `isOutOfSlo`, or plainly `breached`); the lowest budget; the
 * highest 1 h burn rate; stale if any SLO's telemetry is stale or the service's
 * telemetry rows are marked stale. null = the service has no SLO.
 */
export function summarizeSloFacts(slos: readonly SloRowFacts[], telemetryStale: boolean): SloFacts | null {
  let worst: SloRowFacts | null = null;
  for (const slo of slos) {
    if (worst === null || compareSeverity(slo, worst) > 0) worst = slo;
  }
  if (worst === null) return null;
  const budgets = slos.map((slo) => slo.budgetRemaining).filter(isFiniteNumber);
  const burnRates = slos.map((slo) => readBurnRate(slo.burnRates, "1h")).filter(isFiniteNumber);
  return {
    status: worst.status,
    isOutOfSlo: slos.some((slo) => slo.isOutOfSlo || slo.status === "breached"),
    budgetRemaining: budgets.length > 0 ? Math.min(...budgets) : null,
    burnRate1h: burnRates.length > 0 ? Math.max(...burnRates) : null,
    sloName: worst.name,
    stale: telemetryStale || slos.some((slo) => slo.isTelemetryStale),
  };
}

function compareSeverity(a: SloRowFacts, b: SloRowFacts): number {
  const bySeverity = SEVERITY[a.status] - SEVERITY[b.status];
  if (bySeverity !== 0) return bySeverity;
  const byOut = Number(a.isOutOfSlo) - Number(b.isOutOfSlo);
  if (byOut !== 0) return byOut;
  // Same status: the one with less budget left is the worse one.
  return (b.budgetRemaining ?? Infinity) - (a.budgetRemaining ?? Infinity);
}

/** Reads one window's burn rate from the worker's JSON; anything but a finite number is unknown. */
export function readBurnRate(burnRates: unknown, window: string): number | null {
  if (burnRates === null || typeof burnRates !== "object" || Array.isArray(burnRates)) return null;
  const value = (burnRates as Record<string, unknown>)[window];
  return isFiniteNumber(value) ? value : null;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}
