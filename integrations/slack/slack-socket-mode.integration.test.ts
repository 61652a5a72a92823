import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSocketModeApp } from "./slack-app.ts";
import { FakeSlackServer } from "./testing/fake-slack-server.ts";

// Socket Mode cannot run here (no Slack WebSocket endpoint to connect to); this proves the
// wiring: the App is built with our listeners and, on start, asks the configured Slack API
// (SLACK_API_URL) for a socket URL with the app token, not the bot token.

describe("Socket Mode (construction and wiring only)", () => {
  let slack: FakeSlackServer;

  beforeAll(async () => {
    slack = await new FakeSlackServer().start();
  });

  afterAll(async () => {
    await slack?.stop();
  });

  it("builds the App and asks SLACK_API_URL for a socket with the app token", async () => {
    const app = createSocketModeApp({ botToken: "xoxb-bot", signingSecret: null, appToken: "xapp-1-app", apiUrl: slack.url, teamId: null });
    // start() keeps retrying against a Slack that refuses; the first attempt is what matters.
    void app.start().catch(() => undefined);
    const open = await slack.waitFor(() => slack.callsOf("apps.connections.open")[0]);
    expect(open.token).toBe("xapp-1-app");
    await Promise.race([app.stop().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 2000))]);
  });
});
