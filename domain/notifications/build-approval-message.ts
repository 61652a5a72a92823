import { slackStatus } from "./slack-status.ts";
import { APPROVE_ACTION_ID, encodeApprovalActionValue, REJECT_ACTION_ID } from "./approval-action.ts";
import { decisionChannelPhrase } from "@/domain/gate/decision-channel.ts";
import type { TApprovalMessageInput } from "./approval-message-input.ts";
import { escapeMrkdwn, mrkdwnLink, type TBlock, type TSlackMessage, type TTextObject } from "./block-kit.ts";
import { formatBurnRate, formatShare, formatUtc, readNumber, readString } from "./format-notification-text.ts";

const mrkdwn = (text: string): TTextObject => ({ type: "mrkdwn", text });

/**
 * The approval request a team sees in Slack (and on /notifications): who wants to deploy
 * what to where, why this team is asked, links, and Approve / Reject while a decision is
 * possible. Once decided, expired or settled otherwise, the same message shows the outcome
 * (who, when) and no buttons: chat.update replaces the original with this.
 */
export function buildApprovalMessage(input: TApprovalMessageInput): TSlackMessage {
  const { request, team, approval, baseUrl } = input;
  const serviceUrl = (slug: string) => `${baseUrl}/services/${encodeURIComponent(slug)}`;
  const deployUrl = `${baseUrl}/deploys/${encodeURIComponent(request.id)}`;
  const what = `${request.serviceName} ${request.version} → ${request.environment}`;
  const who = request.requestedBy ? `*${escapeMrkdwn(request.requestedBy)}*` : "CI";
  const commit = request.commit ? ` (commit \`${escapeMrkdwn(request.commit.slice(0, 12))}\`)` : "";
  const ci = request.ciUrl ? ` · ${mrkdwnLink(request.ciUrl, "CI run")}` : "";
  const isOpen = approval.status === "pending" && request.status === "pending";

  const blocks: TBlock[] = [
    { type: "header", text: { type: "plain_text", text: headline(input, what) } },
    {
      type: "section",
      block_id: "request",
      text: mrkdwn(
        `${who} wants to deploy ${mrkdwnLink(serviceUrl(request.serviceSlug), request.serviceName)} \`${escapeMrkdwn(request.version)}\` to *${escapeMrkdwn(request.environment)}*${commit}${ci}.`,
      ),
    },
    { type: "section", block_id: "why", text: mrkdwn(`*Why ${escapeMrkdwn(team.name)} is asked*`) },
    ...input.because.flatMap((cause, index): TBlock[] => {
      const fields = causeFields(cause.facts, cause.live);
      const section: TBlock = { type: "section", block_id: `cause-${index}`, text: mrkdwn(describeCause(cause, serviceUrl)), ...(fields ? { fields } : {}) };
      // Live facts: the message says how the cause stands now, not only what it was when CI asked.
      return cause.live && cause.live.note !== "as at the request" ? [section, { type: "context", elements: [mrkdwn(`_${escapeMrkdwn(cause.live.note)}_ (now vs. at the request)`)] }] : [section];
    }),
    {
      type: "context",
      elements: [
        mrkdwn(
          [
            mrkdwnLink(deployUrl, "Deploy request"),
            mrkdwnLink(serviceUrl(request.serviceSlug), request.serviceName),
            ...uniqueSlugs(input.because).filter((slug) => slug !== request.serviceSlug).map((slug) => mrkdwnLink(serviceUrl(slug), slug)),
          ].join(" · ") + (isOpen && request.expiresAt ? ` · expires ${formatUtc(request.expiresAt)}` : ""),
        ),
      ],
    },
  ];
  if (isOpen) {
    const value = encodeApprovalActionValue({ deployRequestId: request.id, teamSlug: team.slug });
    blocks.push({
      type: "actions",
      block_id: "decision",
      elements: [
        { type: "button", action_id: APPROVE_ACTION_ID, text: { type: "plain_text", text: "Approve" }, style: "primary", value },
        { type: "button", action_id: REJECT_ACTION_ID, text: { type: "plain_text", text: "Reject…" }, style: "danger", value },
      ],
    });
  } else {
    blocks.push({ type: "divider" }, { type: "section", block_id: "outcome", text: mrkdwn(describeOutcome(input)) });
  }
  return { text: `${headline(input, what)}: ${request.requestedBy ?? "CI"} wants to deploy ${what}`, blocks };
}

function headline(input: TApprovalMessageInput, what: string): string {
  switch (input.approval.status) {
    case "approved":
      return `Approved: ${what}`;
    case "rejected":
      return `Rejected: ${what}`;
    case "expired":
      return `Expired: ${what}`;
    default:
      return input.request.status === "pending" ? `Approval needed: ${what}` : `No longer needed: ${what}`;
  }
}

function describeCause(cause: TApprovalMessageInput["because"][number], serviceUrl: (slug: string) => string): string {
  const slo = readString(cause.facts, "sloName");
  const sloText = slo ? ` (SLO *${escapeMrkdwn(slo)}*)` : "";
  return `${mrkdwnLink(serviceUrl(cause.serviceSlug), cause.serviceSlug)}${sloText}: ${escapeMrkdwn(cause.message)}`;
}

type TLive = TApprovalMessageInput["because"][number]["live"];

/**
 * SLO numbers for a cause that has them (a dependent's or the service's own SLO); none for
 * a freeze window. With live facts, a number that moved reads "then → *now*".
 */
function causeFields(facts: Record<string, unknown>, live: TLive): TTextObject[] | undefined {
  if (!["status", "budgetRemaining", "burnRate1h", "trafficShare"].some((key) => key in facts)) return undefined;
  const fields: TTextObject[] = [];
  const status = readString(facts, "status");
  const budget = readNumber(facts, "budgetRemaining");
  const burn = readNumber(facts, "burnRate1h");
  const share = readNumber(facts, "trafficShare");
  const now = live?.now ?? null;
  const moved = (field: "status" | "budget" | "burn" | "traffic", then: string, current: () => string) =>
    live && now && live.changed.includes(field) ? `${then} → *${current()}*` : then;
  const statusText = (value: string | null) => (value === null ? "unknown" : slackStatus(value));
  if (status) fields.push(mrkdwn(`*SLO status*\n${moved("status", statusText(status), () => statusText(now?.status ?? null))}`));
  const budgetText = (value: number | null) => (value === null ? "unknown" : formatShare(value));
  fields.push(mrkdwn(`*Budget remaining*\n${moved("budget", budgetText(budget), () => budgetText(now?.budgetRemaining ?? null))}`));
  const burnText = (value: number | null) => (value === null ? "unknown" : formatBurnRate(value));
  fields.push(mrkdwn(`*Burn rate (1 h)*\n${moved("burn", burnText(burn), () => burnText(now?.burnRate1h ?? null))}`));
  const shareText = (value: number | null) => (value === null ? "not measured" : formatShare(value));
  if ("trafficShare" in facts) fields.push(mrkdwn(`*Share of traffic*\n${moved("traffic", shareText(share), () => shareText(now?.trafficShare ?? null))}`));
  return fields;
}

function uniqueSlugs(because: TApprovalMessageInput["because"]): string[] {
  return [...new Set(because.map((cause) => cause.serviceSlug))];
}

function describeOutcome(input: TApprovalMessageInput): string {
  const { approval, request } = input;
  const when = approval.decidedAt ? ` at ${formatUtc(approval.decidedAt)}` : "";
  const where = decisionChannelPhrase(approval.channel);
  const via = where ? ` (${where})` : "";
  const comment = approval.comment ? `: “${escapeMrkdwn(approval.comment)}”` : "";
  if (approval.status === "approved" && approval.channel === "gate") {
    return `:white_check_mark: *Approved by the gate*${when}: ${escapeMrkdwn(approval.comment ?? "cause cleared")}. Request is *${request.status}*.`;
  }
  const by = escapeMrkdwn(approval.decidedBy ?? "someone no longer in the catalog");
  switch (approval.status) {
    case "approved":
      return `:white_check_mark: *Approved* by ${by}${when}${via}${comment}. Request is *${request.status}*.`;
    case "rejected":
      return `:x: *Rejected* by ${by}${when}${via}${comment}. Request is *${request.status}*.`;
    case "expired":
      return `:hourglass: *Expired*: nobody decided in time${request.expiresAt ? ` (deadline ${formatUtc(request.expiresAt)})` : ""}.`;
    default:
      return `The deploy request is *${escapeMrkdwn(request.status)}*; ${escapeMrkdwn(input.team.name)}'s decision is no longer needed.`;
  }
}
