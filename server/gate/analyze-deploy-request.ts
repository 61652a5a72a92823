import { gateDecisionOf, type TGateDecision } from "@/domain/gate/deploy-status.ts";
import type { TActor } from "@/server/identity/actor.ts";
import { createDeployRequest } from "./create-deploy-request.ts";
import type { TDeployReasonDto, TDeployRequestDto, TDeployRequestInput } from "./gate.schemas.ts";
import { waitForDeployRequest } from "./wait-for-deploy-request.ts";

/** What `POST /api/v1/deploy-requests/analysis` answers: shaped for Argo Rollouts' `web` metric provider (`successCondition: result.decision == "approved"`). */
export interface TDeployAnalysisDto {
  /** approved (approved, deployed or failed: the gate said yes) | rejected (rejected, expired or cancelled) | pending. */
  decision: TGateDecision;
  status: TDeployRequestDto["status"];
  id: string;
  /** The request's page, where owners decide. */
  url: string;
  summary: string;
  reasons: TDeployReasonDto[];
  approvals: { team: string; status: TDeployRequestDto["approvals"][number]["status"]; decidedBy: string | null }[];
  expiresAt: string | null;
}

/**
 * One measurement of a deploy analysis (Argo Rollouts): finds the deploy request of this
 * Idempotency-Key (same body) or asks the gate for a new one, then, while it is pending,
 * waits up to `waitSeconds` for the owners' decision (the long-poll of GET …/{id}?wait=N).
 * Every measurement of one revision therefore reads the same request.
 */
export async function analyzeDeployRequest(
  organizationId: string,
  input: TDeployRequestInput,
  options: { idempotencyKey: string; actor: TActor; baseUrl: string; waitSeconds: number; signal?: AbortSignal },
): Promise<TDeployAnalysisDto> {
  const { baseUrl } = options;
  let request = (await createDeployRequest(organizationId, input, { idempotencyKey: options.idempotencyKey, actor: options.actor, baseUrl })).request;
  if (request.status === "pending" && options.waitSeconds > 0) {
    request = await waitForDeployRequest(organizationId, request.id, { waitSeconds: options.waitSeconds, baseUrl, ...(options.signal ? { signal: options.signal } : {}) });
  }
  return toDeployAnalysisDto(request);
}

export function toDeployAnalysisDto(request: TDeployRequestDto): TDeployAnalysisDto {
  return {
    decision: gateDecisionOf(request.status),
    status: request.status,
    id: request.id,
    url: request.links.ui,
    summary: request.summary,
    reasons: request.reasons,
    approvals: request.approvals.map((approval) => ({ team: approval.team, status: approval.status, decidedBy: approval.decidedBy ?? null })),
    expiresAt: request.expiresAt,
  };
}
