import { escapeMrkdwn, mrkdwnLink, type TSlackMessage } from "./block-kit.ts";

export interface TDeployAnnouncementInput {
  baseUrl: string;
  request: { id: string; serviceSlug: string; serviceName: string; environment: string; version: string; requestedBy: string | null; breakGlassReason: string | null };
}

/** Break-glass: the deploy went ahead without the usual approvals, and the teams it skipped are told why (DESIGN, deploy gate). */
export function buildDeployAnnouncementMessage(input: TDeployAnnouncementInput): TSlackMessage {
  const { request, baseUrl } = input;
  const what = `${request.serviceName} ${request.version} → ${request.environment}`;
  const who = request.requestedBy ? `*${escapeMrkdwn(request.requestedBy)}*` : "CI";
  const reason = request.breakGlassReason ? `“${escapeMrkdwn(request.breakGlassReason)}”` : "_no reason given_";
  return {
    text: `Break-glass deploy: ${what}`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: `Break-glass deploy: ${what}` } },
      {
        type: "section",
        block_id: "break-glass",
        text: {
          type: "mrkdwn",
          text: `:rotating_light: ${who} overrode the deploy gate for ${mrkdwnLink(`${baseUrl}/services/${encodeURIComponent(request.serviceSlug)}`, request.serviceName)} \`${escapeMrkdwn(request.version)}\` to *${escapeMrkdwn(request.environment)}*: ${reason}`,
        },
      },
      { type: "context", elements: [{ type: "mrkdwn", text: `${mrkdwnLink(`${baseUrl}/deploys/${encodeURIComponent(request.id)}`, "Deploy request")} · approved by break-glass, flagged in the history` }] },
    ],
  };
}
