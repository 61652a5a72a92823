import { effectiveStatus } from "@/domain/gate/deploy-status.ts";
import type { GateReason } from "@/domain/policy/policy-types.ts";
import type { TDeployApprovalDto, TDeployRequestDto, TDeployRequestSummary } from "./gate.schemas.ts";
import type { TDeployRequestRow } from "./gate.repository.ts";
import { readApprovalCauses, readDecisionHeadline, readReasons } from "./stored-decision.ts";

export function deployRequestLinks(baseUrl: string, id: string): { self: string; ui: string } {
  return { self: `${baseUrl}/api/v1/deploy-requests/${id}`, ui: `${baseUrl}/deploys/${id}` };
}

function toApprovalDto(row: TDeployRequestRow["approvals"][number], requestExpired: boolean): TDeployApprovalDto {
  const dto: TDeployApprovalDto = {
    team: row.team.slug,
    teamName: row.team.name,
    // Read "expired" the moment the request is, even before the worker wrote it.
    status: requestExpired && row.status === "pending" ? "expired" : row.status,
    because: readApprovalCauses(row.reason).map((cause) => ({ rule: cause.rule, serviceSlug: cause.serviceSlug, message: cause.message })),
  };
  if (row.decidedBy) {
    dto.decidedBy = row.decidedBy.name;
    dto.decidedByEmail = row.decidedBy.email;
  }
  if (row.decidedAt) dto.decidedAt = row.decidedAt.toISOString();
  if (row.channel) dto.channel = row.channel;
  if (row.comment) dto.comment = row.comment;
  return dto;
}

/**
 * The decision just made, as typed values: its answer takes headline and reasons from here
 * instead of reading them back from the JSON it stores (the same values: the row's JSON was
 * built from them), saving the lenient zod reads on the gate's hot path.
 */
export interface TFreshDecision {
  summary: string;
  breakGlass: boolean;
  reasons: readonly GateReason[];
}

export function toDeployRequestDto(row: TDeployRequestRow, baseUrl: string, now: Date = new Date(), fresh?: TFreshDecision): TDeployRequestDto {
  const status = effectiveStatus(row.status, row.expiresAt, now);
  const facts = fresh ? { summary: fresh.summary, breakGlass: fresh.breakGlass } : readDecisionHeadline(row.decisionFacts);
  return {
    id: row.id,
    status,
    service: row.service.slug,
    environment: row.environment,
    version: row.version,
    commit: row.commit,
    requestedBy: row.requestedBy,
    ciUrl: row.ciUrl,
    breakGlass: facts.breakGlass,
    breakGlassReason: row.breakGlassReason,
    summary: facts.summary,
    reasons: (fresh ? fresh.reasons : readReasons(row.reasons)).map((reason) => ({ rule: reason.rule, type: reason.type, effect: reason.effect, message: reason.message })),
    approvals: row.approvals.map((approval) => toApprovalDto(approval, status === "expired")),
    createdAt: row.createdAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? (status === "expired" ? row.expiresAt?.toISOString() ?? null : null),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    links: deployRequestLinks(baseUrl, row.id),
  };
}

export function toDeployRequestSummary(row: TDeployRequestRow, now: Date = new Date()): TDeployRequestSummary {
  const status = effectiveStatus(row.status, row.expiresAt, now);
  const facts = readDecisionHeadline(row.decisionFacts);
  return {
    id: row.id,
    status,
    service: { slug: row.service.slug, name: row.service.name },
    ownerTeam: row.service.ownerTeam,
    environment: row.environment,
    version: row.version,
    commit: row.commit,
    requestedBy: row.requestedBy,
    breakGlass: facts.breakGlass,
    summary: facts.summary,
    approvals: row.approvals.map((approval) => ({
      team: approval.team.slug,
      teamName: approval.team.name,
      status: status === "expired" && approval.status === "pending" ? "expired" : approval.status,
      ...(approval.decidedBy ? { decidedBy: approval.decidedBy.name } : {}),
    })),
    createdAt: row.createdAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
  };
}
