import { readSlackConfig } from "@/server/notifications/slack-config.ts";
import { problemResponse } from "@/server/http/problem.ts";
import { resolveRequestId } from "@/server/http/request-id.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Slack's request URL (interactivity, slash commands, events). Signed by Slack, not by
 * a Plumbline session or token: the receiver verifies the signature and timestamp.
 */
export async function POST(request: Request): Promise<Response> {
  // Bolt (and Express under it, ~9 MB of heap and ~0.3 s to load) only where Slack is set up:
  // a static import had every web process load it at start (server/http/preload-route-modules.ts).
  const slack = readSlackConfig() ? (await import("@/integrations/slack/slack-app.ts")).getHttpSlackApp() : null;
  if (!slack) {
    return problemResponse({
      code: "slack-not-configured",
      detail: "Set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode) to receive Slack requests.",
      requestId: resolveRequestId(request.headers),
    });
  }
  return slack.receiver.handle(request);
}
