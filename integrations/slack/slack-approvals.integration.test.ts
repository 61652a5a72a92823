import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APPROVE_ACTION_ID, encodeApprovalActionValue, REJECT_ACTION_ID, REJECT_REASON_ACTION_ID, REJECT_REASON_BLOCK_ID, REJECT_VIEW_CALLBACK_ID } from "@/domain/notifications/approval-action.ts";
import { importCatalog } from "@/server/catalog/import-catalog.ts";
import { closeHandle, setDbHandle } from "@/server/db/client.ts";
import { createDeployRequest } from "@/server/gate/create-deploy-request.ts";
import type { TDeployRequestDto } from "@/server/gate/gate.schemas.ts";
import { savePolicyDocument } from "@/server/gate/save-policy-document.ts";
import { linkOrganizationToSlackTeam } from "@/server/notifications/notifications-slack-tenancy.repository.ts";
import { GATE_TEST_POLICY_YAML, writeGateTestFiles } from "@/server/testing/gate-test-catalog.ts";
import { CHECKOUT_CHANNEL_ID, SLACK_TEST_CATALOG, SLACK_TEST_USERS, writeSlackTestCatalog } from "@/server/testing/slack-test-catalog.ts";
import { startTestApp, TEST_AUTH_SECRET, type TTestApp } from "@/server/testing/start-test-app.ts";
import { openTestDatabase, openTestPGliteDirectory, type TTestDatabaseKind } from "@/server/testing/test-databases.ts";
import { createApiToken } from "@/server/identity/api-tokens.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { FakeSlackServer, type TFakeSlackMessage } from "@/integrations/slack/testing/fake-slack-server.ts";
import { blockActionPayload, interactionBody, slackSignatureHeaders, viewSubmissionPayload } from "@/integrations/slack/testing/signed-slack-request.ts";

// Slack approvals end to end, over HTTP, against the real product (web, workers, outbox)
// and a fake Slack Web API that the app's real WebClient talks to: CI asks, Slack gets the
// message, a signed click decides once, the message is updated, CI's long-poll sees it.
// On Postgres and on the embedded PGlite (which only the app may open: everything is
// prepared before it starts and checked over HTTP).

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const WORKSPACE = "T0ACME";
const OTHER_WORKSPACE = "T0OTHER";

describe.each<TTestDatabaseKind>(["postgres", "pglite"])("Slack approvals over HTTP on %s", (kind) => {
  let app: TTestApp;
  let slack: FakeSlackServer;
  let token: string;
  let otherRequestId: string;
  let tmp: string;
  let closeDb: () => Promise<void> = async () => {};
  let version = 0;

  async function api<T>(pathname: string, init: { body?: unknown } = {}): Promise<{ status: number; json: T }> {
    const response = await fetch(`${app.url}${pathname}`, {
      method: init.body === undefined ? "GET" : "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    return { status: response.status, json: (await response.json()) as T };
  }

  async function slackPost(body: string, headers: Record<string, string> = slackSignatureHeaders(SECRET, body), contentType = "application/x-www-form-urlencoded") {
    const response = await fetch(`${app.url}/api/slack/events`, { method: "POST", headers: { "content-type": contentType, ...headers }, body });
    const text = await response.text();
    return { status: response.status, contentType: response.headers.get("content-type"), text };
  }

  async function pendingDeploy(environment = "staging"): Promise<{ request: TDeployRequestDto; message: TFakeSlackMessage }> {
    const created = await api<TDeployRequestDto>("/api/v1/deploy-requests", { body: { service: "payments", environment, version: `9.${kind === "postgres" ? 1 : 2}.${(version += 1)}`, requestedBy: "ci-bot" } });
    expect(created.status).toBe(201);
    expect(created.json.status).toBe("pending");
    const message = await slack.waitFor(() => [...slack.messages.values()].find((candidate) => JSON.stringify(candidate.blocks).includes(`/deploys/${created.json.id}`)));
    return { request: created.json, message };
  }

  const click = (request: TDeployRequestDto, message: TFakeSlackMessage, userId: string, actionId = APPROVE_ACTION_ID, teamId = WORKSPACE) =>
    interactionBody(blockActionPayload({ teamId, userId, actionId, value: encodeApprovalActionValue({ deployRequestId: request.id, teamSlug: "checkout" }), channelId: message.channel, messageTs: message.ts }));

  const ephemeralsFor = (userId: string) => slack.callsOf("chat.postEphemeral").filter((call) => call.args.user === userId);

  beforeAll(async () => {
    slack = await new FakeSlackServer({ teamId: WORKSPACE }).start();
    slack.addUser(SLACK_TEST_USERS.hana);
    slack.addUser(SLACK_TEST_USERS.kwame);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), `plumbline-slack-${kind}-`));
    const dataDir = path.join(tmp, "pglite");
    let env: Record<string, string>;
    if (kind === "postgres") {
      const db = await openTestDatabase("postgres");
      closeDb = db.close;
      env = { DATABASE_URL: db.url ?? "", PLUMBLINE_AUTH_SECRET: TEST_AUTH_SECRET };
    } else {
      const handle = await openTestPGliteDirectory(dataDir);
      setDbHandle(handle);
      closeDb = () => closeHandle(handle);
      env = { DATABASE_URL: "", PLUMBLINE_DATA_DIR: dataDir };
    }
    // The default organization (its workspace comes from auth.test at start) and a second
    // tenant in another workspace, with a pending request of its own.
    const org = await upsertOrganization("default", "Slack test");
    token = (await createApiToken(org.id, "ci")).token;
    const other = await upsertOrganization("other-tenant", "Other tenant");
    await linkOrganizationToSlackTeam(other.id, OTHER_WORKSPACE);
    await importCatalog(other.id, [{ file: "catalog-info.yaml", text: SLACK_TEST_CATALOG }], "test");
    await savePolicyDocument(other.id, GATE_TEST_POLICY_YAML, { source: "ui", actor: "test" });
    otherRequestId = (
      await createDeployRequest(other.id, { service: "payments", environment: "staging", version: "1.0.0" }, { idempotencyKey: null, actor: { kind: "token", tokenId: "t", tokenName: "ci" }, baseUrl: "http://other" })
    ).request.id;
    if (kind === "pglite") {
      await closeDb();
      closeDb = async () => {};
    }
    const { policyFile } = writeGateTestFiles(tmp);
    const catalogDir = writeSlackTestCatalog(tmp);
    app = await startTestApp({
      ...env,
      PLUMBLINE_CATALOG: catalogDir,
      PLUMBLINE_POLICIES: policyFile,
      SLACK_BOT_TOKEN: "xoxb-plumbline-test",
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.url,
    });
  }, 360_000);

  afterAll(async () => {
    await app?.stop();
    await closeDb();
    await slack?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("CI asks → Slack message with the right blocks → a signed owner's click approves once → message updated → CI's long-poll sees approved", async () => {
    const posted = Date.now();
    const { request, message } = await pendingDeploy();
    const sendMs = Date.now() - posted;
    expect(message.channel).toBe(CHECKOUT_CHANNEL_ID);
    const blocks = JSON.stringify(message.blocks);
    expect(blocks).toContain("Approval needed: payments");
    expect(blocks).toContain("*ci-bot* wants to deploy");
    expect(blocks).toContain("Why Checkout is asked");
    expect(blocks).toContain(`/deploys/${request.id}|Deploy request>`);
    expect(blocks).toContain(`/services/payments|payments>`);
    expect(blocks).toContain(APPROVE_ACTION_ID);
    fs.mkdirSync("e2e/output", { recursive: true });
    if (kind === "postgres") fs.writeFileSync("e2e/output/approval-message-blocks.json", `${JSON.stringify(message.blocks, null, 2)}\n`);

    const longPoll = api<TDeployRequestDto>(`/api/v1/deploy-requests/${request.id}?wait=30`);
    const clicked = Date.now();
    const answer = await slackPost(click(request, message, SLACK_TEST_USERS.priya.id));
    expect(answer.status).toBe(200);
    const polled = await longPoll;
    expect(polled.json.status).toBe("approved");
    const pollMs = Date.now() - clicked;
    expect(polled.json.approvals).toEqual([expect.objectContaining({ team: "checkout", status: "approved", decidedBy: "Priya Raman" })]);

    const updated = await slack.waitFor(() => {
      const current = slack.messages.get(`${message.channel}:${message.ts}`);
      return current && JSON.stringify(current.blocks).includes("*Approved* by Priya Raman") ? current : null;
    });
    expect(JSON.stringify(updated.blocks)).not.toContain(APPROVE_ACTION_ID);
    expect(slack.callsOf("chat.update").some((call) => call.args.ts === message.ts && call.args.channel === message.channel)).toBe(true);
    const outcome = await slack.waitFor(() => slack.callsOf("chat.postMessage").find((call) => call.args.channel === "#payments" && (call.args.blocks ?? "").includes(request.id)));
    expect(outcome.args.text).toMatch(/^Deploy approved: payments/);
    console.log(`[${kind}] approval request in Slack ${sendMs} ms after CI's POST; CI's long-poll saw "approved" ${pollMs} ms after the click`);

    // Slack retries the delivery (X-Slack-Retry-Num), and the owner clicks again: still one decision.
    const retry = click(request, message, SLACK_TEST_USERS.priya.id);
    expect((await slackPost(retry, { ...slackSignatureHeaders(SECRET, retry), "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" })).status).toBe(200);
    await slack.waitFor(() => ephemeralsFor(SLACK_TEST_USERS.priya.id).find((call) => /already approved/.test(call.args.text ?? "")));
    const detail = await api<TDeployRequestDto>(`/api/v1/deploy-requests/${request.id}`);
    expect(detail.json.status).toBe("approved");
    expect(detail.json.approvals).toHaveLength(1);
  });

  it("a forged signature is refused with 401 and records nothing", async () => {
    const { request, message } = await pendingDeploy();
    const body = click(request, message, SLACK_TEST_USERS.priya.id);
    const forged = await slackPost(body, slackSignatureHeaders("not-the-secret", body));
    expect(forged.status).toBe(401);
    expect(forged.contentType).toContain("application/problem+json");
    const unsigned = await slackPost(body, {});
    expect(unsigned.status).toBe(401);
    const tampered = await slackPost(body.replace("plumbline_approve", "plumbline_reject"), slackSignatureHeaders(SECRET, body));
    expect(tampered.status).toBe(401);
    expect((await api<TDeployRequestDto>(`/api/v1/deploy-requests/${request.id}`)).json.status).toBe("pending");
  });

  it("a correctly signed request older than 5 minutes is refused", async () => {
    const { request, message } = await pendingDeploy();
    const body = click(request, message, SLACK_TEST_USERS.priya.id);
    const stale = await slackPost(body, slackSignatureHeaders(SECRET, body, Math.floor(Date.now() / 1000) - 6 * 60));
    expect(stale.status).toBe(401);
    expect((await api<TDeployRequestDto>(`/api/v1/deploy-requests/${request.id}`)).json.status).toBe("pending");
  });

  it("a member who is not an owner gets an ephemeral 'not an owner' and nothing is recorded (found through users.info)", async () => {
    const { request, message } = await pendingDeploy();
    expect((await slackPost(click(request, message, SLACK_TEST_USERS.hana.id))).status).toBe(200);
    await slack.waitFor(() => ephemeralsFor(SLACK_TEST_USERS.hana.id).find((call) => /^You are not an owner of Checkout: Hana Sato is a member of Checkout but not one of its owners/.test(call.args.text ?? "")));
    expect(slack.callsOf("users.info").some((call) => call.args.user === SLACK_TEST_USERS.hana.id)).toBe(true);
    const detail = await api<TDeployRequestDto>(`/api/v1/deploy-requests/${request.id}`);
    expect(detail.json.status).toBe("pending");
    expect(detail.json.approvals[0]?.status).toBe("pending");
    // Someone from another team entirely.
    expect((await slackPost(click(request, message, SLACK_TEST_USERS.kwame.id))).status).toBe(200);
    await slack.waitFor(() => ephemeralsFor(SLACK_TEST_USERS.kwame.id).find((call) => /not an owner of Checkout: Kwame Mensah is not a member of Checkout/.test(call.args.text ?? "")));
  });

  it("a payload from another workspace cannot decide this organization's request, nor ours theirs", async () => {
    const { request, message } = await pendingDeploy();
    slack.addUser({ id: "U0OTHERPRIYA", email: SLACK_TEST_USERS.priya.email, name: "priya" });
    expect((await slackPost(click(request, message, "U0OTHERPRIYA", APPROVE_ACTION_ID, OTHER_WORKSPACE))).status).toBe(200);
    await slack.waitFor(() => ephemeralsFor("U0OTHERPRIYA").find((call) => /no such approval/.test(call.args.text ?? "")));
    expect((await api<TDeployRequestDto>(`/api/v1/deploy-requests/${request.id}`)).json.status).toBe("pending");

    const theirs = interactionBody(
      blockActionPayload({ teamId: WORKSPACE, userId: SLACK_TEST_USERS.priya.id, actionId: APPROVE_ACTION_ID, value: encodeApprovalActionValue({ deployRequestId: otherRequestId, teamSlug: "checkout" }), channelId: message.channel, messageTs: message.ts }),
    );
    const before = ephemeralsFor(SLACK_TEST_USERS.priya.id).length;
    expect((await slackPost(theirs)).status).toBe(200);
    await slack.waitFor(() => ephemeralsFor(SLACK_TEST_USERS.priya.id).slice(before).find((call) => /no such approval/.test(call.args.text ?? "")));
    // The other tenant's request is untouched: its token-less API is not ours to read, so ask through a wrong-tenant 404.
    expect((await api(`/api/v1/deploy-requests/${otherRequestId}`)).status).toBe(404);
  });

  it("Reject opens a modal; a reason is required; the rejection is recorded with it", async () => {
    const { request, message } = await pendingDeploy();
    expect((await slackPost(click(request, message, SLACK_TEST_USERS.priya.id, REJECT_ACTION_ID))).status).toBe(200);
    const opened = await slack.waitFor(() => slack.callsOf("views.open").find((call) => (call.args.view ?? "").includes(request.id)));
    const view = JSON.parse(opened.args.view ?? "{}") as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe(REJECT_VIEW_CALLBACK_ID);
    const submit = (reason: string | null) =>
      interactionBody(
        viewSubmissionPayload({
          teamId: WORKSPACE,
          userId: SLACK_TEST_USERS.priya.id,
          callbackId: REJECT_VIEW_CALLBACK_ID,
          privateMetadata: view.private_metadata,
          values: { [REJECT_REASON_BLOCK_ID]: { [REJECT_REASON_ACTION_ID]: { type: "plain_text_input", value: reason } } },
        }),
      );
    const empty = await slackPost(submit("  "));
    expect(empty.status).toBe(200);
    expect(JSON.parse(empty.text)).toEqual({ response_action: "errors", errors: { [REJECT_REASON_BLOCK_ID]: expect.stringMatching(/Say why/) } });
    expect((await api<TDeployRequestDto>(`/api/v1/deploy-requests/${request.id}`)).json.status).toBe("pending");

    expect((await slackPost(submit("checkout is burning budget; wait for the fix"))).status).toBe(200);
    const rejected = await api<TDeployRequestDto>(`/api/v1/deploy-requests/${request.id}?wait=10`);
    expect(rejected.json.status).toBe("rejected");
    expect(rejected.json.approvals[0]).toMatchObject({ status: "rejected", decidedBy: "Priya Raman", comment: "checkout is burning budget; wait for the fix" });
    await slack.waitFor(() => JSON.stringify(slack.messages.get(`${message.channel}:${message.ts}`)?.blocks).includes("*Rejected* by Priya Raman"));
  });

  it("Slack answers 429 then succeeds: exactly one message", async () => {
    slack.failNext("chat.postMessage", { status: 429, retryAfterSeconds: 1 });
    const before = slack.callsOf("chat.postMessage").length;
    const { request } = await pendingDeploy();
    expect(slack.callsOf("chat.postMessage").length - before).toBeGreaterThanOrEqual(2);
    // sleep: proving no duplicate follows takes time passing: longer than the 1 s Retry-After a
    // confused outbox would wait before sending again (the app is another process; on PGlite its
    // outbox rows cannot be read from here, so "sent" is not a signal this test can await).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect([...slack.messages.values()].filter((candidate) => JSON.stringify(candidate.blocks).includes(`/deploys/${request.id}`))).toHaveLength(1);
  });

  it("/plumbline <service> answers with an ephemeral status card; an unknown service gets help", async () => {
    const command = (text: string) => new URLSearchParams({ command: "/plumbline", text, team_id: WORKSPACE, user_id: SLACK_TEST_USERS.priya.id, channel_id: CHECKOUT_CHANNEL_ID, response_url: "https://hooks.slack.invalid/commands/1", trigger_id: "1.2.3", token: "legacy" }).toString();
    const card = await slackPost(command("payments"));
    expect(card.status).toBe(200);
    const body = JSON.parse(card.text) as { response_type: string; blocks: unknown[] };
    expect(body.response_type).toBe("ephemeral");
    expect(JSON.stringify(body.blocks)).toContain("*Pending deploys*");
    expect(JSON.stringify(body.blocks)).toContain("waiting for Checkout");
    const unknown = JSON.parse((await slackPost(command("paymnts"))).text) as { response_type: string; text: string };
    expect(unknown).toMatchObject({ response_type: "ephemeral" });
    expect(unknown.text).toMatch(/No service "paymnts"/);
  });
});
