import { escapeMrkdwn, mrkdwnLink, type TBlock, type TSlackMessage } from "./block-kit.ts";

export interface TDeployNotificationInput {
  baseUrl: string;
  request: { id: string; serviceSlug: string; serviceName: string; environment: string; version: string; requestedBy: string | null; status: string };
  team: { slug: string; name: string };
  /** What the notify-only rules saw, one sentence each (the reasons told to this team). */
  notices: string[];
}

/**
 * A notify-only rule's notice (`require: notification`): the team is told what the rule
 * saw and that the deploy is not held; there is nothing to decide, so no buttons.
 */
export function buildDeployNotificationMessage(input: TDeployNotificationInput): TSlackMessage {
  const { request, baseUrl, team } = input;
  const what = `${request.serviceName} ${request.version} → ${request.environment}`;
  const who = request.requestedBy ? `*${escapeMrkdwn(request.requestedBy)}*` : "CI";
  const serviceUrl = `${baseUrl}/services/${encodeURIComponent(request.serviceSlug)}`;
  const blocks: TBlock[] = [
    { type: "header", text: { type: "plain_text", text: `Heads-up: ${what}` } },
    {
      type: "section",
      block_id: "notice",
      text: {
        type: "mrkdwn",
        text: `${who} is deploying ${mrkdwnLink(serviceUrl, request.serviceName)} \`${escapeMrkdwn(request.version)}\` to *${escapeMrkdwn(request.environment)}*. ${escapeMrkdwn(team.name)} is told, not asked: the policy's rule only notifies, so the deploy is not held.`,
      },
    },
    ...input.notices.map((notice, index): TBlock => ({ type: "section", block_id: `why-${index}`, text: { type: "mrkdwn", text: `• ${escapeMrkdwn(notice)}` } })),
    {
      type: "context",
      elements: [{ type: "mrkdwn", text: `${mrkdwnLink(`${baseUrl}/deploys/${encodeURIComponent(request.id)}`, "Deploy request")} · request is *${escapeMrkdwn(request.status)}*` }],
    },
  ];
  return { text: `Heads-up: ${request.requestedBy ?? "CI"} is deploying ${what}`, blocks };
}
