import { randomUUID } from "node:crypto";
import type { TNotificationWrite } from "@/server/gate/gate.repository.ts";
import { findApprovalPreferencesByEmail, findTeamDecidersWithEmail } from "./email.repository.ts";
import { isEmailEnabled } from "./smtp-settings.ts";

/**
 * Approval requests by e-mail, planned with the decision (and written in its transaction):
 * for each team asked, each person who may decide (owners, else members) gets one e-mail
 * when Slack does not reach them (no team channel in Slack and no DM) or when they chose
 * e-mail on /account/notifications; "off" sends none. Nothing when the organization has no
 * mail server (its own or the deployment's).
 */
export async function planApprovalEmails(
  organizationId: string,
  notifications: readonly TNotificationWrite[],
  // Read with the decision already (findGateServiceWithNeighbourhood): saves a statement.
  known: { hasOwnMailServer?: boolean } = {},
): Promise<TNotificationWrite[]> {
  const requests = notifications.flatMap((row) => {
    const payload = row.payload as { approvalId?: unknown; team?: { slug?: unknown } };
    return row.kind === "approval_request" && typeof payload.approvalId === "string" && typeof payload.team?.slug === "string"
      ? [{ approvalId: payload.approvalId, teamSlug: payload.team.slug, inSlack: row.channel === "slack" }]
      : [];
  });
  if (requests.length === 0 || !(await isEmailEnabled(organizationId, undefined, known.hasOwnMailServer))) return [];
  const dms = new Set(notifications.filter((row) => row.kind === "approval_dm").map((row) => row.dedupeKey));
  const deciders = await findTeamDecidersWithEmail(organizationId, [...new Set(requests.map((request) => request.teamSlug))]);
  const everyone = [...new Set([...deciders.values()].flat().map((person) => person.email.toLowerCase()))];
  const preferences = await findApprovalPreferencesByEmail(organizationId, everyone);
  return requests.flatMap(({ approvalId, teamSlug, inSlack }) =>
    (deciders.get(teamSlug) ?? []).flatMap((person) => {
      const preference = preferences.get(person.email.toLowerCase()) ?? "auto";
      const slackReaches = inSlack || dms.has(`approval-dm:${approvalId}:${person.personId}`);
      if (preference === "off" || (preference === "auto" && slackReaches)) return [];
      return [
        {
          id: randomUUID(),
          channel: "email",
          target: person.email,
          kind: "approval_email",
          payload: { approvalId, personId: person.personId, team: { slug: teamSlug } },
          dedupeKey: `approval-email:${approvalId}:${person.personId}`,
        },
      ];
    }),
  );
}
