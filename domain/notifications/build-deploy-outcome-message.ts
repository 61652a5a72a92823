import { escapeMrkdwn, mrkdwnLink, type TBlock, type TSlackMessage } from "./block-kit.ts";
import { formatUtc } from "./format-notification-text.ts";

export interface TDeployOutcomeInput {
  baseUrl: string;
  request: { id: string; serviceSlug: string; serviceName: string; environment: string; version: string; status: string; decidedAt: Date | null };
  approvals: { teamName: string; status: string; decidedBy: string | null; comment: string | null }[];
}

const ICON: Record<string, string> = { approved: ":white_check_mark:", rejected: ":x:", expired: ":hourglass:", cancelled: ":no_entry_sign:" };

/** What the requesting service's team reads in its channel once a deploy request is settled. */
export function buildDeployOutcomeMessage(input: TDeployOutcomeInput): TSlackMessage {
  const { request, baseUrl } = input;
  const what = `${request.serviceName} ${request.version} → ${request.environment}`;
  const deployUrl = `${baseUrl}/deploys/${encodeURIComponent(request.id)}`;
  const lines = input.approvals.map((approval) => {
    const by = approval.decidedBy ? ` by ${escapeMrkdwn(approval.decidedBy)}` : "";
    const comment = approval.comment ? `: “${escapeMrkdwn(approval.comment)}”` : "";
    return `• ${escapeMrkdwn(approval.teamName)}: *${approval.status}*${by}${comment}`;
  });
  const blocks: TBlock[] = [
    { type: "header", text: { type: "plain_text", text: `Deploy ${request.status}: ${what}` } },
    {
      type: "section",
      block_id: "outcome",
      text: {
        type: "mrkdwn",
        text: `${ICON[request.status] ?? ":information_source:"} ${mrkdwnLink(deployUrl, "The deploy request")} for ${mrkdwnLink(`${baseUrl}/services/${encodeURIComponent(request.serviceSlug)}`, request.serviceName)} is *${escapeMrkdwn(request.status)}*${request.decidedAt ? ` (${formatUtc(request.decidedAt)})` : ""}.`,
      },
    },
  ];
  if (lines.length > 0) blocks.push({ type: "section", block_id: "approvals", text: { type: "mrkdwn", text: lines.join("\n") } });
  return { text: `Deploy ${request.status}: ${what}`, blocks };
}
