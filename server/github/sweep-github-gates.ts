import { randomUUID } from "node:crypto";
import { prepareNotificationJobs } from "@/server/notifications/notification-jobs.ts";
import { findSettledGatesWithoutCallback, insertCallbackRows } from "./github.repository.ts";

/**
 * Safety net for the one race the transactional path cannot see: a decision committed
 * between the webhook's creation of a request and its gate row. Every settled request
 * whose gate has no `decided` callback gets one (the dedupe key makes this idempotent
 * across worker processes). Returns how many it wrote.
 */
export async function sweepSettledGithubGates(limit = 200): Promise<number> {
  const gates = await findSettledGatesWithoutCallback(limit);
  if (gates.length === 0) return 0;
  const jobs = await prepareNotificationJobs();
  let written = 0;
  for (const gate of gates) {
    written += await insertCallbackRows(gate.organizationId, gate.deployRequestId, jobs, [{ id: randomUUID(), gateId: gate.id, phase: "decided" }]);
  }
  return written;
}
