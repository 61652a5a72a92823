import { describeDeploy } from "@/domain/gate/deploy-change-events.ts";
import { transitionForCancel } from "@/domain/gate/deploy-status.ts";
import type { TActor } from "@/server/identity/actor.ts";
import { describeActor } from "@/server/identity/actor.ts";
import { AppError } from "@/server/http/problem.ts";
import { planFollowUpNotifications } from "@/server/notifications/plan-follow-up-notifications.ts";
import { announceDeployRequestChange, deployRequestNotifyPayload } from "./deploy-request-notifier.ts";
import { eventsFor } from "./deploy-request-subject.ts";
import type { TDeployRequestDto } from "./gate.schemas.ts";
import { findDeployRequestRow, transitionDeployRequest } from "./gate.repository.ts";
import { loadDeployRequestRow } from "./get-deploy-request.ts";
import { toDeployRequestDto } from "./to-deploy-request-dto.ts";

/** CI withdraws a request (pipeline cancelled, superseded). Cancelling twice is fine; cancelling a finished one is a 409. */
export async function cancelDeployRequest(
  organizationId: string,
  id: string,
  input: { reason?: string | undefined },
  options: { actor: TActor; baseUrl: string; now?: Date },
): Promise<TDeployRequestDto> {
  const now = options.now ?? new Date();
  const row = await loadDeployRequestRow(organizationId, id, now);
  const transition = transitionForCancel(row.status);
  if (transition.kind === "conflict") throw new AppError(409, "Deploy request cannot be cancelled", transition.message, { requestStatus: row.status });
  if (transition.kind === "change") {
    // A pending request's Slack messages lose their buttons ("no longer needed").
    const followUps = transition.from === "pending" ? await planFollowUpNotifications(organizationId, { id: row.id, serviceId: row.service.id }, "cancelled") : null;
    const moved = await transitionDeployRequest(organizationId, {
      id: row.id,
      from: transition.from,
      to: "cancelled",
      at: now,
      setDecidedAt: true,
      events: eventsFor(row, "api", {
        key: "status:cancelled",
        type: "deploy_cancelled",
        title: `${describeDeploy({ service: row.service, version: row.version, environment: row.environment })} cancelled${input.reason ? `: ${input.reason}` : ""}`,
        actor: row.requestedBy ?? describeActor(options.actor),
        at: now,
        details: { reason: input.reason ?? null, from: transition.from },
      }),
      notifications: followUps?.("cancelled") ?? [],
      notifyPayload: deployRequestNotifyPayload(row.id),
    });
    if (!moved) throw new AppError(409, "Deploy request changed", "This deploy request changed while it was being cancelled; read it again and retry if it is still open.");
    announceDeployRequestChange(row.id);
  }
  const updated = await findDeployRequestRow(organizationId, row.id);
  return toDeployRequestDto(updated ?? row, options.baseUrl, now);
}
