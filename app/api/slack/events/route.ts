import { getHttpSlackApp } from "@/integrations/slack/slack-app.ts";
import { problemResponse } from "@/server/http/problem.ts";
import { resolveRequestId } from "@/server/http/request-id.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Slack's request URL (interactivity, slash commands, events). Signed by Slack, not by
 * a Plumbline session or token: the receiver verifies the signature and timestamp.
 */
export async function POST(request: Request): Promise<Response> {
  const slack = getHttpSlackApp();
  if (!slack) {
    return problemResponse({
      code: "slack-not-configured",
      detail: "Set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode) to receive Slack requests.",
      requestId: resolveRequestId(request.headers),
    });
  }
  return slack.receiver.handle(request);
}
