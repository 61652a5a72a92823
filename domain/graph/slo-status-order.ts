export type TSloStatusValue = "healthy" | "at_risk" | "breached" | "no_data";

// no_data ranks between at_risk and breached: missing telemetry must never look
// healthier than a service we know is at risk... but a known breach is worse still.
const SEVERITY: Record<TSloStatusValue, number> = { healthy: 0, at_risk: 1, no_data: 2, breached: 3 };

/** The status that should colour a service with several SLOs; null with no SLOs. */
export function worstSloStatus(statuses: readonly TSloStatusValue[]): TSloStatusValue | null {
  let worst: TSloStatusValue | null = null;
  for (const status of statuses) {
    if (worst === null || SEVERITY[status] > SEVERITY[worst]) worst = status;
  }
  return worst;
}
