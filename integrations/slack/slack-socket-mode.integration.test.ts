import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "@/server/testing/wait-for.ts";
import { APPROVE_ACTION_ID, encodeApprovalActionValue } from "@/domain/notifications/approval-action.ts";
import { importCatalog } from "@/server/catalog/import-catalog.ts";
import { getPrisma } from "@/server/db/client.ts";
import { withBackgroundStatements, type TStatementPriority } from "@/server/db/statement-priority.ts";
import { getMetrics } from "@/server/metrics/plumbline-metrics.ts";
import { createDeployRequest } from "@/server/gate/create-deploy-request.ts";
import { savePolicyDocument } from "@/server/gate/save-policy-document.ts";
import { linkOrganizationToSlackTeam } from "@/server/notifications/notifications-slack-tenancy.repository.ts";
import { GATE_TEST_POLICY_YAML } from "@/server/testing/gate-test-catalog.ts";
import { CHECKOUT_CHANNEL_ID, SLACK_TEST_CATALOG, SLACK_TEST_USERS } from "@/server/testing/slack-test-catalog.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { createSocketModeApp } from "./slack-app.ts";
import { FakeSlackServer } from "@/integrations/slack/testing/fake-slack-server.ts";
import { FakeSocketModeServer } from "@/integrations/slack/testing/fake-socket-mode-server.ts";
import { blockActionPayload } from "@/integrations/slack/testing/signed-slack-request.ts";

// Socket Mode with Bolt's real SocketModeClient against a fake Socket Mode endpoint (a
// minimal WebSocket server) and the fake Web API: the same listeners as HTTP, an approval
// recorded once however often the envelope arrives, and the slash command answered in its ack.

const WORKSPACE = "T0SOCKET";

describe.each(TEST_DATABASE_KINDS)("Slack over Socket Mode on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let slack: FakeSlackServer;
  let socket: FakeSocketModeServer;
  let app: ReturnType<typeof createSocketModeApp>;
  let requestId: string;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    const org = await upsertOrganization("socket-mode", "Socket Mode test");
    await linkOrganizationToSlackTeam(org.id, WORKSPACE);
    await importCatalog(org.id, [{ file: "catalog-info.yaml", text: SLACK_TEST_CATALOG }], "test");
    await savePolicyDocument(org.id, GATE_TEST_POLICY_YAML, { source: "ui", actor: "test" });
    requestId = (
      await createDeployRequest(org.id, { service: "payments", environment: "staging", version: "4.0.0" }, { idempotencyKey: null, actor: { kind: "token", tokenId: "t", tokenName: "ci" }, baseUrl: "http://p.test" })
    ).request.id;
    slack = await new FakeSlackServer({ teamId: WORKSPACE }).start();
    socket = await new FakeSocketModeServer().start();
    slack.socketModeUrl = socket.url;
    app = createSocketModeApp({ botToken: "xoxb-bot", signingSecret: null, appToken: "xapp-1-app", apiUrl: slack.url, teamId: null });
    // As workers/start-workers.ts starts it: every callback of its socket inherits the background priority.
    await withBackgroundStatements(() => app.start());
  }, 120_000);

  afterAll(async () => {
    // sleep: a cap, not a wait: stopping Bolt's Socket Mode client against the fake server may
    // never settle; give up after 2 s so the other servers still close.
    await Promise.race([app?.stop().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 2000))]);
    await socket?.stop();
    await slack?.stop();
    await db?.close();
  });

  it("connects with the app token through SLACK_API_URL", () => {
    expect(slack.callsOf("apps.connections.open")[0]?.token).toBe("xapp-1-app");
    expect(socket.connections).toBe(1);
  });

  it("an owner's click arriving twice is acked each time and decides once", async () => {
    const payload = blockActionPayload({
      teamId: WORKSPACE,
      userId: SLACK_TEST_USERS.priya.id,
      actionId: APPROVE_ACTION_ID,
      value: encodeApprovalActionValue({ deployRequestId: requestId, teamSlug: "checkout" }),
      channelId: CHECKOUT_CHANNEL_ID,
      messageTs: "1.000001",
    });
    const backgroundBefore = await turnWaits("background");
    const first = socket.dispatch("interactive", payload);
    await slack.waitFor(() => socket.acks.find((ack) => ack.envelope_id === first));
    const decided = await waitForApproval();
    expect(decided).toMatchObject({ status: "approved", channel: "slack" });
    // A person clicked: on the embedded database the click's statements are not queued behind the pages' reads.
    expect(await turnWaits("background")).toBe(backgroundBefore);
    const history = () => getPrisma().changeEvent.count({ where: { deployRequestId: requestId, type: "approval_given" } });
    const eventsAfterFirst = await history();
    expect(eventsAfterFirst).toBeGreaterThan(0);

    const again = socket.dispatch("interactive", payload);
    await slack.waitFor(() => socket.acks.find((ack) => ack.envelope_id === again));
    await slack.waitFor(() => slack.callsOf("chat.postEphemeral").find((call) => /already approved/.test(call.args.text ?? "")));
    expect(await history()).toBe(eventsAfterFirst);
    const approvals = await getPrisma().approval.findMany({ where: { deployRequestId: requestId }, select: { status: true, decidedAt: true } });
    expect(approvals).toEqual([{ status: "approved", decidedAt: decided.decidedAt }]);
  });

  it("/plumbline answers in the envelope's ack", async () => {
    const envelope = socket.dispatch("slash_commands", { command: "/plumbline", text: "checkout", team_id: WORKSPACE, user_id: SLACK_TEST_USERS.priya.id, channel_id: CHECKOUT_CHANNEL_ID });
    const ack = await slack.waitFor(() => socket.acks.find((candidate) => candidate.envelope_id === envelope));
    expect(ack.payload).toMatchObject({ response_type: "ephemeral", text: expect.stringContaining("checkout") });
  });

  it("counts background statements where there are some (the check above is not vacuous)", async () => {
    const before = await turnWaits("background");
    // Awaited inside: a Prisma query runs when awaited, and takes the priority of where that is.
    await withBackgroundStatements(async () => await getPrisma().approval.count());
    expect(await turnWaits("background")).toBe(kind === "pglite" ? before + 1 : before);
  });

  /** Statements that waited for the embedded database's turn, at this priority (none on Postgres: it schedules its own connections). */
  async function turnWaits(priority: TStatementPriority): Promise<number> {
    const { values } = await getMetrics().embeddedTurnWait.get();
    return values.find((value) => value.metricName === "plumbline_embedded_db_turn_wait_seconds_count" && value.labels.priority === priority)?.value ?? 0;
  }

  function waitForApproval(): Promise<{ status: string; channel: string | null; decidedAt: Date | null }> {
    return waitFor(
      "the approval to be decided",
      async () => {
        const approval = await getPrisma().approval.findFirstOrThrow({ where: { deployRequestId: requestId }, select: { status: true, channel: true, decidedAt: true } });
        return approval.status !== "pending" && approval;
      },
      { timeoutMs: 10_000, intervalMs: 50 },
    );
  }
});
