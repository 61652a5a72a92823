import { randomUUID } from "node:crypto";
import type { TNotificationWrite } from "@/server/gate/gate.repository.ts";
import { findDmTeamDeciders } from "./notifications.repository.ts";

/**
 * Teams with `plumbline.dev/slack-dm-approvers: "true"` also get their approval request
 * as a DM to each person who may decide (owners, else members): one `approval_dm` outbox
 * row per person, written with the decision. Only for approvals already going to Slack.
 */
export async function planApprovalDms(organizationId: string, notifications: readonly TNotificationWrite[]): Promise<TNotificationWrite[]> {
  const slackRequests = notifications.flatMap((row) => {
    const payload = row.payload as { approvalId?: unknown; team?: { slug?: unknown } };
    return row.channel === "slack" && row.kind === "approval_request" && typeof payload.approvalId === "string" && typeof payload.team?.slug === "string"
      ? [{ approvalId: payload.approvalId, teamSlug: payload.team.slug }]
      : [];
  });
  const deciders = await findDmTeamDeciders(organizationId, [...new Set(slackRequests.map((request) => request.teamSlug))]);
  return slackRequests.flatMap(({ approvalId, teamSlug }) =>
    (deciders.get(teamSlug) ?? []).map(({ personId }) => ({
      id: randomUUID(),
      channel: "slack",
      target: `person:${personId}`,
      kind: "approval_dm",
      payload: { approvalId, personId },
      dedupeKey: `approval-dm:${approvalId}:${personId}`,
    })),
  );
}
