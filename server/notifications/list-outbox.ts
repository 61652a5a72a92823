import { z } from "zod";
import { effectiveStatus } from "@/domain/gate/deploy-status.ts";
import type { TSlackMessage } from "@/domain/notifications/block-kit.ts";
import { findDeployRequestRows, type TDeployRequestRow } from "@/server/gate/gate.repository.ts";
import { publicBaseUrl } from "@/server/http/public-base-url.ts";
import { buildNewCallerMessage } from "@/domain/notifications/build-new-caller-message.ts";
import { announcementMessageFor, approvalMessageFor, noticeMessageFor, outcomeMessageFor } from "./deploy-messages.ts";
import { listNotifications } from "./notifications.repository.ts";

export interface TOutboxEntry {
  id: string;
  channel: string;
  target: string;
  kind: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  deployRequestId: string | null;
  /** The message as Slack shows it now (the same blocks the sender posts); null for kinds without one. */
  message: TSlackMessage | null;
  /** For an approval message still open (request and approval pending): the team asked, so the page can offer the decision. */
  openApproval: { teamSlug: string; teamName: string } | null;
}

/**
 * Where a page of the outbox ends: the last entry's creation time and id (URL-safe, opaque to
 * readers). The next page is the entries after it, so entries added meanwhile do not shift it.
 */
export function outboxCursorAfter(entry: Pick<TOutboxEntry, "createdAt" | "id">): string {
  return `${entry.createdAt}_${entry.id}`;
}

/** Null when the text is not a cursor made by outboxCursorAfter. */
export function decodeOutboxCursor(text: string): { createdAt: Date; id: string } | null {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_([0-9a-f-]{36})$/.exec(text);
  const createdAt = match?.[1] ? new Date(match[1]) : null;
  if (!match?.[2] || !createdAt || Number.isNaN(createdAt.getTime())) return null;
  return { createdAt, id: match[2] };
}

const ZApprovalPayload = z.looseObject({ approvalId: z.string() });
const ZNoticePayload = z.looseObject({ team: z.looseObject({ slug: z.string(), name: z.string() }) });
const ZNewCallerPayload = z.object({ caller: z.object({ slug: z.string(), name: z.string() }), callee: z.object({ slug: z.string(), name: z.string() }), requestRate: z.number() });

/** Rows that carry an approval's message (rendered as it is now: with the outcome once settled). */
const APPROVAL_MESSAGE_KINDS = new Set(["approval_request", "approval_update", "approval_dm", "approval_email", "approval_email_outcome"]);

/**
 * The organization's outbox, newest first, each entry with the message it carries,
 * rendered from the deploy request as it is now: what /notifications shows when Slack is
 * not configured (and, when it is, what was sent and how it went).
 */
export async function listOutbox(organizationId: string, options: { limit: number; now?: Date; kind?: string; before?: string }): Promise<TOutboxEntry[]> {
  const before = options.before === undefined ? undefined : (decodeOutboxCursor(options.before) ?? undefined);
  const rows = await listNotifications(organizationId, options.limit, options.kind, before);
  // The page's deploy requests in one read: one at a time, 50 entries were 265 statements.
  const requestIds = [...new Set(rows.flatMap((row) => (row.deployRequestId ? [row.deployRequestId] : [])))];
  const requests = new Map<string, TDeployRequestRow>((await findDeployRequestRows(organizationId, requestIds)).map((request) => [request.id, request]));
  const baseUrl = publicBaseUrl(null);
  const now = options.now ?? new Date();
  return rows.map((row) => {
    const request = row.deployRequestId ? (requests.get(row.deployRequestId) ?? null) : null;
    const approval = ZApprovalPayload.safeParse(row.payload);
    let message: TSlackMessage | null = null;
    let openApproval: TOutboxEntry["openApproval"] = null;
    const asked = request && approval.success ? request.approvals.find((candidate) => candidate.id === approval.data.approvalId) : undefined;
    if (request && asked && asked.status === "pending" && effectiveStatus(request.status, request.expiresAt, now) === "pending") {
      openApproval = { teamSlug: asked.team.slug, teamName: asked.team.name };
    }
    if (request && approval.success && APPROVAL_MESSAGE_KINDS.has(row.kind)) message = approvalMessageFor(request, approval.data.approvalId, baseUrl, now);
    else if (request && row.kind === "deploy_outcome") message = outcomeMessageFor(request, baseUrl, now);
    else if (request && row.kind === "deploy_announcement") message = announcementMessageFor(request, baseUrl);
    else if (request && row.kind === "deploy_notification") {
      const notice = ZNoticePayload.safeParse(row.payload);
      if (notice.success) message = noticeMessageFor(request, notice.data.team, baseUrl, now);
    } else if (row.kind === "new_caller") {
      const newCaller = ZNewCallerPayload.safeParse(row.payload);
      if (newCaller.success) message = buildNewCallerMessage({ baseUrl, ...newCaller.data });
    }
    return {
      id: row.id,
      channel: row.channel,
      target: row.target,
      kind: row.kind,
      status: row.status,
      attempts: row.attempts,
      lastError: row.lastError,
      createdAt: row.createdAt.toISOString(),
      sentAt: row.sentAt?.toISOString() ?? null,
      deployRequestId: row.deployRequestId,
      message,
      openApproval,
    };
  });
}
