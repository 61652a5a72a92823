import type { App, Receiver, ReceiverEvent } from "@slack/bolt";
import { verifySlackRequest } from "@slack/bolt";
import { z } from "zod";
import { problemResponse } from "@/server/http/problem.ts";
import type { TProblemCode } from "@/server/http/problem-codes.ts";
import { resolveRequestId } from "@/server/http/request-id.ts";

const ZUrlVerification = z.object({ type: z.literal("url_verification"), challenge: z.string() });
const ZPayloadBody = z.looseObject({ type: z.string(), team: z.looseObject({ id: z.string() }).nullish() });
const ZCommandBody = z.looseObject({ command: z.string(), team_id: z.string(), user_id: z.string(), text: z.string() });


/**
 * Bolt behind a Next.js route handler (app/api/slack/events): verifies Slack's signature
 * and timestamp (older than 5 minutes is refused) with Bolt's verifySlackRequest, answers
 * url_verification, and hands everything else to app.processEvent. The route's Response
 * is whatever the listener acks (empty, a message, or view errors); listeners ack first
 * and keep working after the response has gone.
 */
export class NextRouteReceiver implements Receiver {
  private app: App | null = null;

  constructor(private readonly signingSecret: string) {}

  init(app: App): void {
    this.app = app;
  }

  // The HTTP server is Next's; there is nothing to start or stop.
  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  async handle(request: Request): Promise<Response> {
    const requestId = resolveRequestId(request.headers);
    const problem = (code: TProblemCode, title: string, detail: string) => problemResponse({ code, title, detail, requestId });
    const app = this.app;
    if (!app) return problem("service-unavailable", "Slack is starting", "The Slack app is not initialised yet; Slack will retry.");
    const raw = await request.text();
    try {
      verifySlackRequest({
        signingSecret: this.signingSecret,
        body: raw,
        headers: {
          "x-slack-signature": request.headers.get("x-slack-signature") ?? "",
          "x-slack-request-timestamp": Number(request.headers.get("x-slack-request-timestamp")),
        },
      });
    } catch {
      // Never say which part failed: a forger learns nothing.
      return problem("invalid-signature", "Invalid Slack signature", "The request is not signed by Slack with this app's signing secret, or its timestamp is more than 5 minutes old.");
    }

    const body = parseBody(raw, request.headers.get("content-type") ?? "");
    if (!body) return problem("malformed-body", "Unreadable Slack payload", "Expected a Slack interaction (payload=…), a slash command form or an Events API JSON body.");
    const challenge = ZUrlVerification.safeParse(body);
    if (challenge.success) return Response.json({ challenge: challenge.data.challenge });

    const retryNum = request.headers.get("x-slack-retry-num");
    const retryReason = request.headers.get("x-slack-retry-reason");
    return new Promise<Response>((resolve) => {
      const event: ReceiverEvent = {
        body,
        ...(retryNum !== null && Number.isFinite(Number(retryNum)) ? { retryNum: Number(retryNum) } : {}),
        ...(retryReason !== null ? { retryReason } : {}),
        ack: async (response?: unknown) => {
          if (response === undefined || response === "") resolve(new Response(null, { status: 200 }));
          else if (typeof response === "string") resolve(new Response(response, { status: 200, headers: { "content-type": "text/plain" } }));
          else resolve(Response.json(response));
        },
      };
      app
        .processEvent(event)
        // No listener acked (an event type we do not handle): Slack only needs a 200.
        .then(() => resolve(new Response(null, { status: 200 })))
        .catch(() => resolve(problem("internal", "Slack event failed", "Plumbline could not process this Slack event; it was logged.")));
    });
  }
}

function parseBody(raw: string, contentType: string): Record<string, unknown> | null {
  try {
    if (contentType.includes("application/json")) {
      const parsed: unknown = JSON.parse(raw);
      return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : null;
    }
    const form = new URLSearchParams(raw);
    const payload = form.get("payload");
    if (payload !== null) {
      const parsed = ZPayloadBody.safeParse(JSON.parse(payload));
      return parsed.success ? parsed.data : null;
    }
    const command = ZCommandBody.safeParse(Object.fromEntries(form));
    return command.success ? command.data : null;
  } catch {
    return null;
  }
}
