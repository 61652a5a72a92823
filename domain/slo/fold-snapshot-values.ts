import { worstSloStatus } from "@/domain/graph/slo-status-order.ts";
import type { SloStatus } from "./slo-types.ts";

/** The numbers a status snapshot keeps; burn rates keyed by window name. */
export interface SnapshotValues {
  status: SloStatus;
  sli: number | null;
  budgetRemaining: number | null;
  burnRates: Readonly<Record<string, number | null>>;
}

/**
 * Summarises several snapshots (the minutes of an hour, the points of a chart bucket)
 * as the worst moment in them: worst status, lowest SLI and budget, highest burn per
 * window. Downsampling then never hides a dip: a ten-minute breach still shows in the
 * hourly history. Unknown (null) numbers are skipped; all unknown stays unknown.
 */
export function foldSnapshotValues(snapshots: readonly SnapshotValues[]): SnapshotValues {
  const status = worstSloStatus(snapshots.map((snapshot) => snapshot.status));
  if (status === null) throw new RangeError("cannot fold an empty list of snapshots");
  const burnRates: Record<string, number | null> = {};
  for (const snapshot of snapshots) {
    for (const [window, burn] of Object.entries(snapshot.burnRates)) {
      const current = burnRates[window];
      burnRates[window] = burn === null || burn === undefined ? (current ?? null) : Math.max(current ?? burn, burn);
    }
  }
  return {
    status,
    sli: minimum(snapshots.map((snapshot) => snapshot.sli)),
    budgetRemaining: minimum(snapshots.map((snapshot) => snapshot.budgetRemaining)),
    burnRates,
  };
}

function minimum(values: readonly (number | null)[]): number | null {
  let lowest: number | null = null;
  for (const value of values) {
    if (value !== null && (lowest === null || value < lowest)) lowest = value;
  }
  return lowest;
}
