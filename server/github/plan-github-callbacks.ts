import { randomUUID } from "node:crypto";
import type { TNotificationWrite } from "@/server/gate/gate.repository.ts";
import { ensureJobQueue } from "@/server/jobs/job-queue.ts";
import { logger } from "@/server/logger.ts";
import { findGatesOfRequest, githubCallbackNotification } from "./github.repository.ts";

/**
 * The `decided` outbox rows for every GitHub run a deploy request gates, for the
 * transaction that settles the request (decision, cancel, expiry). Called before that
 * transaction: when there are runs to answer it also starts the process's job queue, so
 * that enqueueing inside the transaction only uses the transaction's connection.
 */
export async function planGithubDecisionCallbacks(organizationId: string, deployRequestId: string): Promise<TNotificationWrite[]> {
  const gates = await findGatesOfRequest(organizationId, deployRequestId);
  if (gates.length === 0) return [];
  await ensureJobQueue((error) => logger.error({ err: error }, "job queue error"));
  return gates.map((gate) => githubCallbackNotification({ id: randomUUID(), gateId: gate.id, phase: "decided" }));
}
