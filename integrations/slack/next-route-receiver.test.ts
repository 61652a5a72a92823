import type { App, ReceiverEvent } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { NextRouteReceiver } from "./next-route-receiver.ts";
import { slackSignatureHeaders } from "@/integrations/slack/testing/signed-slack-request.ts";

const SECRET = "receiver-test-secret";

/** A stand-in for Bolt's App: records processEvent calls and acks as told. */
function receiverWith(onEvent: (event: ReceiverEvent) => Promise<void>): { receiver: NextRouteReceiver; events: ReceiverEvent[] } {
  const events: ReceiverEvent[] = [];
  const receiver = new NextRouteReceiver(SECRET);
  const app = {
    processEvent: async (event: ReceiverEvent) => {
      events.push(event);
      await onEvent(event);
    },
  };
  receiver.init(app as unknown as App); // only processEvent is used by the receiver
  return { receiver, events };
}

function signed(body: string, contentType: string, extra: Record<string, string> = {}): Request {
  return new Request("http://localhost/api/slack/events", { method: "POST", headers: { "content-type": contentType, ...slackSignatureHeaders(SECRET, body), ...extra }, body });
}

describe("NextRouteReceiver", () => {
  it("answers url_verification with the challenge, without Bolt", async () => {
    const { receiver, events } = receiverWith(async () => {});
    const body = JSON.stringify({ type: "url_verification", challenge: "c-123", token: "x" });
    const response = await receiver.handle(signed(body, "application/json"));
    expect(await response.json()).toEqual({ challenge: "c-123" });
    expect(events).toHaveLength(0);
  });

  it("refuses a bad signature or a stale timestamp with 401 problem+json before parsing", async () => {
    const { receiver, events } = receiverWith(async () => {});
    const body = JSON.stringify({ type: "url_verification", challenge: "c" });
    const forged = await receiver.handle(new Request("http://localhost/", { method: "POST", headers: { "content-type": "application/json", ...slackSignatureHeaders("other", body) }, body }));
    expect(forged.status).toBe(401);
    expect(forged.headers.get("content-type")).toBe("application/problem+json");
    expect(await forged.json()).toMatchObject({ code: "invalid-signature", type: "https://plumbline.dev/problems/invalid-signature", status: 401, requestId: expect.any(String) });
    const old = Math.floor(Date.now() / 1000) - 301;
    const stale = await receiver.handle(new Request("http://localhost/", { method: "POST", headers: { "content-type": "application/json", ...slackSignatureHeaders(SECRET, body, old) }, body }));
    expect(stale.status).toBe(401);
    expect(events).toHaveLength(0);
  });

  it("passes events with Slack's retry headers to Bolt and answers with what the listener acks", async () => {
    const { receiver, events } = receiverWith(async (event) => event.ack({ response_type: "ephemeral", text: "hi" }));
    const body = new URLSearchParams({ command: "/plumbline", text: "checkout", team_id: "T1", user_id: "U1" }).toString();
    const response = await receiver.handle(signed(body, "application/x-www-form-urlencoded", { "x-slack-retry-num": "2", "x-slack-retry-reason": "http_timeout" }));
    expect(await response.json()).toEqual({ response_type: "ephemeral", text: "hi" });
    expect(events[0]).toMatchObject({ retryNum: 2, retryReason: "http_timeout", body: { command: "/plumbline", text: "checkout" } });
  });

  it("answers 200 when no listener acks, and 400 for an unreadable payload", async () => {
    const { receiver } = receiverWith(async () => {});
    const event = JSON.stringify({ type: "event_callback", team_id: "T1", event: { type: "reaction_added" } });
    const unhandled = await receiver.handle(signed(event, "application/json"));
    expect(unhandled.status).toBe(200);
    const junk = await receiver.handle(signed("payload=%7Bnot-json", "application/x-www-form-urlencoded"));
    expect(junk.status).toBe(400);
    expect(await junk.json()).toMatchObject({ code: "malformed-body" });
  });
});
