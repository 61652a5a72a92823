import { describeDeploy } from "@/domain/gate/deploy-change-events.ts";
import { planFollowUpNotifications } from "@/server/notifications/plan-follow-up-notifications.ts";
import { announceDeployRequestChange, deployRequestNotifyPayload } from "./deploy-request-notifier.ts";
import { eventsFor } from "./deploy-request-subject.ts";
import { expirePendingRequest, findDeployRequestRow, findDueExpiries, findDueExpiriesInOrganization } from "./gate.repository.ts";

const BATCH = 200;

/**
 * The approvals worker's job (every 15 s): every pending request past its expiresAt
 * becomes `expired`, with its pending approvals, a change event per involved service,
 * and a wake-up for anyone long-polling it. Safe to run in several processes at once:
 * each expiry is a conditional update, so a request is expired exactly once.
 * Returns how many requests this run expired.
 */
export async function expireDeployRequests(now: Date = new Date()): Promise<number> {
  let expired = 0;
  for (;;) {
    const due = await findDueExpiries(now, BATCH);
    for (const { organizationId, id } of due) {
      if (await expireDeployRequest(organizationId, id, now)) expired += 1;
    }
    if (due.length < BATCH) return expired;
  }
}

/**
 * Reads call this first, so a request reads `expired` everywhere the moment its time is
 * up, not up to 15 s later when the worker comes by.
 */
export async function expireDueInOrganization(organizationId: string, now: Date = new Date()): Promise<void> {
  for (const id of await findDueExpiriesInOrganization(organizationId, now, BATCH)) {
    await expireDeployRequest(organizationId, id, now);
  }
}

export async function expireDeployRequest(organizationId: string, id: string, now: Date): Promise<boolean> {
  const row = await findDeployRequestRow(organizationId, id);
  if (!row || row.status !== "pending" || row.expiresAt === null || row.expiresAt > now) return false;
  const waitingFor = row.approvals.filter((approval) => approval.status === "pending").map((approval) => approval.team.name);
  const followUps = await planFollowUpNotifications(organizationId, { id: row.id, serviceId: row.service.id }, "expired");
  const expired = await expirePendingRequest(organizationId, {
    id,
    now,
    events: eventsFor(row, "api", {
      key: "status:expired",
      type: "deploy_expired",
      title: `${describeDeploy({ service: row.service, version: row.version, environment: row.environment })} expired: no decision from ${waitingFor.join(", ") || "the teams asked"} in time`,
      actor: "plumbline",
      at: now,
      details: { expiresAt: row.expiresAt.toISOString(), waitingFor },
    }),
    notifications: followUps("expired"),
    notifyPayload: deployRequestNotifyPayload(id),
  });
  if (expired) announceDeployRequestChange(id);
  return expired;
}
