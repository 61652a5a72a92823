import { afterEach, describe, expect, it, vi } from "vitest";
import { overrideConfig } from "@/server/config/get-config.ts";
import { parseConfig } from "@/server/config/parse-config.ts";
import { FakeSlackServer } from "./testing/fake-slack-server.ts";

// Bolt (with Express) is ~9 MB of heap and ~0.3 s of loading. Every web process instantiates
// every route's modules at start (server/http/preload-route-modules.ts), and the one-process
// install evaluates every worker's module: whatever those import at the top is loaded whether
// Slack is set up or not. So only code that runs when Slack is set up may load it.
const boltLoads = vi.hoisted(() => ({ count: 0 }));
vi.mock("@slack/bolt", async (importOriginal) => {
  boltLoads.count += 1;
  return await importOriginal();
});

let restoreConfig: (() => void) | undefined;
let slack: FakeSlackServer | undefined;
afterEach(async () => {
  restoreConfig?.();
  restoreConfig = undefined;
  await slack?.stop();
});

describe("Bolt is loaded only where Slack is set up", () => {
  it("is not loaded by the Slack route's or the Slack workers' modules, nor by the route without Slack", async () => {
    restoreConfig = overrideConfig(parseConfig({}));
    const route = await import("@/app/api/slack/events/route.ts");
    await import("@/workers/notifications/notifications-worker.ts");
    await import("@/workers/slack/slack-socket-mode-worker.ts");

    const response = await route.POST(new Request("http://localhost/api/slack/events", { method: "POST", body: "" }));
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(((await response.json()) as { code: string }).code).toBe("slack-not-configured");
    expect(boltLoads.count).toBe(0);
  });

  it("is loaded by the route once Slack is set up, which then checks the request's signature", async () => {
    // The App checks its token with auth.test when created: a local fake Slack answers it.
    slack = await new FakeSlackServer().start();
    restoreConfig = overrideConfig(parseConfig({ SLACK_BOT_TOKEN: "xoxb-test", SLACK_SIGNING_SECRET: "signing-secret", SLACK_API_URL: slack.url }));
    const route = await import("@/app/api/slack/events/route.ts");
    const response = await route.POST(new Request("http://localhost/api/slack/events", { method: "POST", body: "payload=%7B%7D" }));
    expect(boltLoads.count).toBe(1);
    // Unsigned: Bolt's receiver refuses it, as it refuses every request Slack did not sign.
    expect(response.status).toBe(401);
    // The App's auth.test answered before the fake Slack stops.
    await slack.waitFor(() => slack?.callsOf("auth.test").length === 1);
  });
});
