import type { SloFacts } from "./policy-types.ts";

/** Stale or missing telemetry, said plainly: the gate never passes it off as healthy. */
export function describeUnknownSlo(slo: SloFacts): string {
  const name = slo.sloName ?? "its SLO";
  if (slo.stale) {
    const lastKnown = slo.status === "no_data" ? "" : ` (last known status: ${slo.status.replace("_", " ")})`;
    return `telemetry is stale, so ${name} cannot be judged${lastKnown}`;
  }
  return `there is no data for ${name} (no telemetry, or too little traffic to judge)`;
}
