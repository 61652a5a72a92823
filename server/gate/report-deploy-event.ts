import { describeDeploy } from "@/domain/gate/deploy-change-events.ts";
import { transitionForDeployEvent } from "@/domain/gate/deploy-status.ts";
import type { TActor } from "@/server/identity/actor.ts";
import { describeActor } from "@/server/identity/actor.ts";
import { AppError } from "@/server/http/problem.ts";
import { announceDeployRequestChange, deployRequestNotifyPayload } from "./deploy-request-notifier.ts";
import { eventsFor } from "./deploy-request-subject.ts";
import type { TDeployEventInput, TDeployRequestDto } from "./gate.schemas.ts";
import { findDeployRequestRow, insertDeployChangeEvents, transitionDeployRequest } from "./gate.repository.ts";
import { loadDeployRequestRow } from "./get-deploy-request.ts";
import { toDeployRequestDto } from "./to-deploy-request-dto.ts";

const TITLES = { started: "deploy started", succeeded: "deployed", failed: "deploy failed" } as const;

/** CI reports the outcome of an approved deploy: started (history only), succeeded → deployed, failed → failed. */
export async function reportDeployEvent(
  organizationId: string,
  id: string,
  input: TDeployEventInput,
  options: { actor: TActor; baseUrl: string; now?: Date },
): Promise<TDeployRequestDto> {
  const now = options.now ?? new Date();
  const row = await loadDeployRequestRow(organizationId, id, now);
  const transition = transitionForDeployEvent(row.status, input.type);
  if (transition.kind === "conflict") throw new AppError(409, "Deploy request not approved", transition.message, { requestStatus: row.status });

  const events = eventsFor(row, "api", {
    // Keyed by type and the status it leaves the request in: a repeated report is one event.
    key: `ci:${input.type}:${transition.kind === "change" ? transition.to : transition.status}`,
    type: input.type === "started" ? "deploy_started" : input.type === "succeeded" ? "deploy_succeeded" : "deploy_failed",
    title: `${describeDeploy({ service: row.service, version: row.version, environment: row.environment })} ${TITLES[input.type]}${input.message ? `: ${input.message}` : ""}`,
    actor: row.requestedBy ?? describeActor(options.actor),
    at: now,
    details: { message: input.message ?? null, url: input.url ?? null },
  });
  if (transition.kind === "unchanged") {
    await insertDeployChangeEvents(organizationId, row.id, events);
  } else {
    const moved = await transitionDeployRequest(organizationId, {
      id: row.id,
      from: transition.from,
      to: transition.to,
      at: now,
      setDecidedAt: false,
      events,
      notifyPayload: deployRequestNotifyPayload(row.id),
    });
    if (!moved) throw new AppError(409, "Deploy request changed", "This deploy request changed while the report was being recorded; send the report again.");
    announceDeployRequestChange(row.id);
  }
  const updated = await findDeployRequestRow(organizationId, row.id);
  return toDeployRequestDto(updated ?? row, options.baseUrl, now);
}
