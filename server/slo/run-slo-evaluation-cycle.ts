import type { Logger } from "pino";
import { reevaluateAllPendingDeployRequests, type TReevaluationCounts } from "@/server/gate/reevaluate-deploy-requests.ts";
import { evaluateAllSlos } from "./evaluate-all-slos.ts";
import type { TEvaluationCounts } from "./evaluate-organization-slos.ts";

/**
 * One SLO-evaluation cycle (workers/slo, once a minute): every SLO at `now`, then every
 * pending deploy request re-evaluated on the statuses just written. So the gate hears an
 * SLO transition in the same cycle that records it: a dependent that recovered clears its
 * cause (and, with approveWhenCleared, approves the request) within one cycle.
 */
export async function runSloEvaluationCycle(now: Date, options: { log?: Logger; staleAfterMs?: number } = {}): Promise<TEvaluationCounts & { gate: TReevaluationCounts }> {
  const slos = await evaluateAllSlos(now, options);
  const gate = await reevaluateAllPendingDeployRequests(now, "slo-evaluation");
  return { ...slos, gate };
}
