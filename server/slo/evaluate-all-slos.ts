import type { Logger } from "pino";
import { evaluateOrganizationSlos, type TEvaluationCounts } from "./evaluate-organization-slos.ts";
import { findOrganizationIdsWithSlos, reclaimSloRowSpace } from "./slo.repository.ts";

/**
 * The SLO worker's cycle: every organization's SLOs at `now`. Tests call this directly
 * with a scripted clock; the worker calls it once a minute. An organization that fails
 * is logged and the next one is still evaluated. On the embedded database the cycle ends
 * by reclaiming the space of the SLO rows it rewrote (see reclaimSloRowSpace).
 */
export async function evaluateAllSlos(now: Date, options: { log?: Logger; staleAfterMs?: number } = {}): Promise<TEvaluationCounts> {
  const total: TEvaluationCounts = { evaluated: 0, failed: 0, written: 0, snapshots: 0, transitions: 0 };
  for (const organizationId of await findOrganizationIdsWithSlos()) {
    try {
      const counts = await evaluateOrganizationSlos(organizationId, now, {
        ...(options.staleAfterMs === undefined ? {} : { staleAfterMs: options.staleAfterMs }),
        onSloError: (slo, error) => options.log?.error({ err: error, organizationId, sloId: slo.id, slo: slo.name }, "SLO could not be evaluated; the others were"),
      });
      for (const key of Object.keys(total) as (keyof TEvaluationCounts)[]) total[key] += counts[key];
    } catch (error) {
      total.failed += 1;
      options.log?.error({ err: error, organizationId }, "SLO evaluation failed for an organization; the others continue");
    }
  }
  try {
    await reclaimSloRowSpace();
  } catch (error) {
    // The statuses are written; space not reclaimed now is reclaimed by the next cycle.
    options.log?.warn({ err: error }, "reclaiming the SLO rows' space on the embedded database failed");
  }
  return total;
}
