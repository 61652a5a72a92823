import type { TApprovalMessageStatus } from "@/domain/notifications/approval-message-input.ts";
import type { TSlackMessage } from "@/domain/notifications/block-kit.ts";
import { buildApprovalMessage } from "@/domain/notifications/build-approval-message.ts";
import { buildDeployAnnouncementMessage } from "@/domain/notifications/build-deploy-announcement-message.ts";
import { buildDeployOutcomeMessage } from "@/domain/notifications/build-deploy-outcome-message.ts";
import { buildDeployNotificationMessage } from "@/domain/notifications/build-deploy-notification-message.ts";
import { effectiveStatus } from "@/domain/gate/deploy-status.ts";
import type { TDeployRequestRow } from "@/server/gate/gate.repository.ts";
import { readApprovalCauses, readReasons } from "@/server/gate/stored-decision.ts";
import { readLiveFacts } from "@/server/gate/stored-live-facts.ts";

/**
 * The approval message for one team, from the request as it is NOW: sent late, it
 * already shows the outcome; re-rendered for chat.update, it shows the latest state.
 * null when the approval is not part of the request.
 */
export function approvalMessageFor(row: TDeployRequestRow, approvalId: string, baseUrl: string, now: Date = new Date()): TSlackMessage | null {
  const approval = row.approvals.find((candidate) => candidate.id === approvalId);
  if (!approval) return null;
  const requestStatus = effectiveStatus(row.status, row.expiresAt, now);
  const approvalStatus: TApprovalMessageStatus = approval.status === "pending" && requestStatus === "expired" ? "expired" : approval.status;
  // The gate's latest re-evaluation: each cause's facts now (updated by chat.update when they change materially).
  const liveCauses = readLiveFacts(row.liveFacts)?.causes ?? [];
  return buildApprovalMessage({
    baseUrl,
    request: {
      ...deployOf(row),
      commit: row.commit,
      requestedBy: row.requestedBy,
      ciUrl: row.ciUrl,
      status: requestStatus,
      expiresAt: row.expiresAt,
    },
    team: { slug: approval.team.slug, name: approval.team.name },
    because: readApprovalCauses(approval.reason).map((cause) => {
      const live = liveCauses.find((candidate) => candidate.approvalId === approval.id && candidate.rule === cause.rule && candidate.serviceSlug === cause.serviceSlug);
      return {
        serviceSlug: cause.serviceSlug,
        message: cause.message,
        facts: readFacts(cause),
        ...(live ? { live: { now: live.now, changed: live.changed, cleared: live.cleared, note: live.note } } : {}),
      };
    }),
    approval: {
      status: approvalStatus,
      decidedBy: approval.decidedBy?.name ?? null,
      decidedAt: approval.decidedAt,
      channel: approval.channel,
      comment: approval.comment,
    },
  });
}

export function outcomeMessageFor(row: TDeployRequestRow, baseUrl: string, now: Date = new Date()): TSlackMessage {
  return buildDeployOutcomeMessage({
    baseUrl,
    request: {
      ...deployOf(row),
      status: effectiveStatus(row.status, row.expiresAt, now),
      decidedAt: row.decidedAt,
    },
    approvals: row.approvals.map((approval) => ({ teamName: approval.team.name, status: approval.status, decidedBy: approval.decidedBy?.name ?? null, comment: approval.comment })),
  });
}

export function announcementMessageFor(row: TDeployRequestRow, baseUrl: string): TSlackMessage {
  return buildDeployAnnouncementMessage({ baseUrl, request: { ...deployOf(row), requestedBy: row.requestedBy, breakGlassReason: row.breakGlassReason } });
}

/** A notify-only rule's notice to one team (require: notification), from the request's stored reasons. */
export function noticeMessageFor(row: TDeployRequestRow, team: { slug: string; name: string }, baseUrl: string, now: Date = new Date()): TSlackMessage {
  const notices = readReasons(row.reasons).filter((reason) => {
    const teams = (reason as { facts?: { notifyTeams?: unknown } }).facts?.notifyTeams;
    return reason.effect === "notify" && Array.isArray(teams) && teams.includes(team.slug);
  });
  return buildDeployNotificationMessage({
    baseUrl,
    request: { ...deployOf(row), requestedBy: row.requestedBy, status: effectiveStatus(row.status, row.expiresAt, now) },
    team,
    notices: notices.map((reason) => reason.message),
  });
}

/** What every message says about the deploy: which service, version and environment. */
function deployOf(row: TDeployRequestRow) {
  return { id: row.id, serviceSlug: row.service.slug, serviceName: row.service.name, environment: row.environment, version: row.version };
}

function readFacts(cause: Record<string, unknown>): Record<string, unknown> {
  const facts = cause.facts;
  return typeof facts === "object" && facts !== null && !Array.isArray(facts) ? (facts as Record<string, unknown>) : {};
}
