import { slackStatus } from "./slack-status.ts";
import { escapeMrkdwn, mrkdwnLink, type TBlock, type TSlackMessage } from "./block-kit.ts";
import { formatBurnRate, formatObjectivePercent, formatShare } from "./format-notification-text.ts";

export interface TServiceStatusInput {
  baseUrl: string;
  service: { slug: string; name: string; ownerTeam: { slug: string; name: string } | null };
  /** `objectivePercent` as stored (99.9); `budgetRemaining` a fraction (0.4 = 40 % left). */
  slos: { name: string; objectivePercent: number; status: string; budgetRemaining: number | null; burnRate1h: number | null }[];
  pendingDeploys: { id: string; version: string; environment: string; waitingFor: string[] }[];
}

/** The `/plumbline <service>` card: owner, SLOs with budget and burn, pending deploys. */
export function buildServiceStatusMessage(input: TServiceStatusInput): TSlackMessage {
  const { service, baseUrl } = input;
  const serviceUrl = `${baseUrl}/services/${encodeURIComponent(service.slug)}`;
  const owner = service.ownerTeam ? mrkdwnLink(`${baseUrl}/teams/${encodeURIComponent(service.ownerTeam.slug)}`, service.ownerTeam.name) : "_no owner team_";
  const slos = input.slos.length
    ? input.slos
        .map(
          (slo) =>
            `• *${escapeMrkdwn(slo.name)}* (${formatObjectivePercent(slo.objectivePercent)}): ${slackStatus(slo.status)}, budget ${slo.budgetRemaining === null ? "unknown" : formatShare(slo.budgetRemaining)}, burn ${slo.burnRate1h === null ? "unknown" : formatBurnRate(slo.burnRate1h)}`,
        )
        .join("\n")
    : "_No SLOs defined._";
  const deploys = input.pendingDeploys.length
    ? input.pendingDeploys
        .map(
          (deploy) =>
            `• ${mrkdwnLink(`${baseUrl}/deploys/${encodeURIComponent(deploy.id)}`, `${deploy.version} → ${deploy.environment}`)}${deploy.waitingFor.length ? `, waiting for ${escapeMrkdwn(deploy.waitingFor.join(", "))}` : ""}`,
        )
        .join("\n")
    : "_None._";
  const blocks: TBlock[] = [
    { type: "header", text: { type: "plain_text", text: service.name } },
    { type: "section", block_id: "owner", text: { type: "mrkdwn", text: `*Owner:* ${owner} · ${mrkdwnLink(serviceUrl, "Service page")}` } },
    { type: "section", block_id: "slos", text: { type: "mrkdwn", text: `*SLOs*\n${slos}` } },
    { type: "section", block_id: "deploys", text: { type: "mrkdwn", text: `*Pending deploys*\n${deploys}` } },
  ];
  return { text: `${service.name}: ${input.slos.length} SLO(s), ${input.pendingDeploys.length} pending deploy(s)`, blocks };
}
