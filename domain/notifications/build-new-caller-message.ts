import { escapeMrkdwn, mrkdwnLink, type TSlackMessage } from "./block-kit.ts";

/** Requests per second as people say it: "40 req/s", "0.4 req/s". */
export function formatRequestRate(rate: number): string {
  const rounded = rate >= 10 ? Math.round(rate) : Math.round(rate * 10) / 10;
  return `${rounded} req/s`;
}

/**
 * "`search` started calling `pricing` at 40 req/s": told once per new edge to the callee's
 * owners (Slack, e-mail, their feed), so nobody wonders who sends traffic to their service.
 */
export function buildNewCallerMessage(input: { baseUrl: string; caller: { slug: string; name: string }; callee: { slug: string; name: string }; requestRate: number }): TSlackMessage {
  const { baseUrl, caller, callee } = input;
  const rate = formatRequestRate(input.requestRate);
  const serviceUrl = (slug: string) => `${baseUrl}/services/${encodeURIComponent(slug)}`;
  return {
    text: `${caller.slug} started calling ${callee.slug} at ${rate}`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: `New caller: ${caller.slug} → ${callee.slug}` } },
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: `\`${escapeMrkdwn(caller.slug)}\` started calling \`${escapeMrkdwn(callee.slug)}\` at *${rate}*. ${mrkdwnLink(serviceUrl(caller.slug), caller.name)} is a new caller of ${mrkdwnLink(serviceUrl(callee.slug), callee.name)}, which your team owns.`,
        },
      },
      { type: "context", elements: [{ type: "mrkdwn", text: `Seen in the service mesh. ${mrkdwnLink(`${baseUrl}/graph`, "Open the graph")}` }] },
    ],
  };
}
