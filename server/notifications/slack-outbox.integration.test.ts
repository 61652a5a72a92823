import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSlackWebClient } from "@/integrations/slack/slack-web-client.ts";
import { FakeSlackServer } from "@/integrations/slack/testing/fake-slack-server.ts";
import { webApiSlackSender } from "@/integrations/slack/web-api-slack-sender.ts";
import { importCatalog } from "@/server/catalog/import-catalog.ts";
import { overrideConfig } from "@/server/config/get-config.ts";
import { parseConfig } from "@/server/config/parse-config.ts";
import { getPrisma } from "@/server/db/client.ts";
import { cancelDeployRequest } from "@/server/gate/cancel-deploy-request.ts";
import { createDeployRequest } from "@/server/gate/create-deploy-request.ts";
import { decideApproval } from "@/server/gate/decide-approval.ts";
import { expireDeployRequests } from "@/server/gate/expire-deploy-requests.ts";
import { savePolicyDocument } from "@/server/gate/save-policy-document.ts";
import { decideApprovalFromSlack } from "./decide-approval-from-slack.ts";
import { linkOrganizationToSlackTeam } from "./notifications-slack-tenancy.repository.ts";
import { encodeApprovalActionValue } from "@/domain/notifications/approval-action.ts";
import { GATE_TEST_POLICY_YAML } from "@/server/testing/gate-test-catalog.ts";
import { SLACK_TEST_CATALOG, SLACK_TEST_USERS } from "@/server/testing/slack-test-catalog.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { TestClock } from "pg-boss";
import { setJobQueue, startJobQueue, stopJobQueue, type TJobQueue } from "@/server/jobs/job-queue.ts";
import { claimNotification } from "./notifications.repository.ts";
import { NOTIFICATION_JOB_POLICY, NOTIFICATION_SEND_QUEUE, type TNotificationJobData } from "./notification-queue.ts";
import { sendNotificationJob, type TNotificationJob } from "./send-notification-job.ts";
import type { TSlackSender } from "./slack-sender.ts";

// The Slack outbox against a fake Slack Web API over real HTTP, with the real WebClient,
// on PGlite and Postgres: one message per approval whatever Slack answers (429, 500) and
// however senders die or overlap; decisions update the message and tell the requester.
// Sending is pg-boss jobs (one per message, enqueued in the decision's transaction); the
// test plays the notifications worker (fetch a due job, run it) and owns time through
// pg-boss's TestClock: job_now() in SQL and the sender's `now` read the same clock, which
// only moves when the test moves it.

const BASE_URL = "http://plumbline.test";
const SLACK_ENV = { SLACK_BOT_TOKEN: "xoxb-test", SLACK_SIGNING_SECRET: "test-secret", SLACK_API_URL: "" };
const token = { kind: "token" as const, tokenId: "t", tokenName: "ci" };
let version = 0;

describe.each(TEST_DATABASE_KINDS)("Slack outbox on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: TOrganization;
  let slack: FakeSlackServer;
  let sender: TSlackSender;
  let queue: TJobQueue;
  // Ten minutes ahead of the wall clock: on Postgres, jobs enqueued through Prisma's own
  // connections are stamped with real time, which must never be in this clock's future.
  // The sender renders messages at this time too, and requests expire after 60 minutes of
  // gate (wall) time: the tests together move it well under that.
  const clock = new TestClock(Date.now() + 600_000);
  const queueErrors: Error[] = [];
  let restoreConfig: (() => void) | undefined;
  const options = { baseUrl: BASE_URL, now: () => new Date(clock.now()) };
  const advance = (ms: number) => clock.setTime(clock.now() + ms);

  /** The notifications worker's loop, driven by the test: run every due job, say what they did. */
  async function runDueJobs(): Promise<{ sent: number; retried: number; failed: number }> {
    const result = { sent: 0, retried: 0, failed: 0 };
    for (;;) {
      const [job] = await fetchJobs(1);
      if (!job) return result;
      const outcome = await sendNotificationJob(queue, sender, job, options);
      if (outcome === "sent") result.sent += 1;
      else if (outcome === "failed") result.failed += 1;
      else if (outcome !== "skipped") result.retried += 1;
    }
  }
  const fetchJobs = (batchSize: number): Promise<TNotificationJob[]> => queue.fetch<TNotificationJobData>(NOTIFICATION_SEND_QUEUE, { batchSize, includeMetadata: true });

  async function pendingRequest(): Promise<{ requestId: string; approvalId: string }> {
    const created = await createDeployRequest(org.id, { service: "payments", environment: "staging", version: `3.0.${(version += 1)}` }, { idempotencyKey: null, actor: token, baseUrl: BASE_URL });
    expect(created.request.status).toBe("pending");
    const approval = await getPrisma().approval.findFirstOrThrow({ where: { organizationId: org.id, deployRequestId: created.request.id }, select: { id: true } });
    return { requestId: created.request.id, approvalId: approval.id };
  }

  const outboxRow = (approvalId: string) => getPrisma().notification.findFirstOrThrow({ where: { organizationId: org.id, dedupeKey: `approval:${approvalId}` } });
  const postsFor = (requestId: string) => [...slack.messages.values()].filter((message) => JSON.stringify(message.blocks).includes(`/deploys/${requestId}`));

  /** A sender died holding a job: once its job outlives expireInSeconds, pg-boss's maintenance retries it (after its backoff). */
  async function diedSenderIsNoticed(): Promise<void> {
    await advance(NOTIFICATION_JOB_POLICY.expireInSeconds * 1000 + 1000);
    await queue.supervise(NOTIFICATION_SEND_QUEUE);
    await advance(NOTIFICATION_JOB_POLICY.retryDelay * 2 * 1000);
  }

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    slack = await new FakeSlackServer().start();
    // Slack configured for the code under test in this process, without writing the environment.
    restoreConfig = overrideConfig(parseConfig({ ...SLACK_ENV, SLACK_API_URL: slack.url }));
    org = await upsertOrganization("slack-outbox", "Slack outbox test");
    const imported = await importCatalog(org.id, [{ file: "catalog-info.yaml", text: SLACK_TEST_CATALOG }], "test");
    expect(imported.problems).toEqual([]);
    await savePolicyDocument(org.id, GATE_TEST_POLICY_YAML, { source: "ui", actor: "test" });
    sender = webApiSlackSender(createSlackWebClient({ botToken: "xoxb-test", apiUrl: slack.url }));
    queue = await startJobQueue(db.handle, (error) => queueErrors.push(error), { clock, supervise: false });
    setJobQueue(queue); // the gate's transactions enqueue through it
  }, 120_000);

  afterAll(async () => {
    restoreConfig?.();
    await slack?.stop();
    await stopJobQueue({ graceful: false });
    await db?.close();
  });

  beforeEach(async () => {
    // Every test starts with an empty outbox, so one test's rows never reach another's sends.
    await runDueJobs();
    slack.calls.length = 0;
  });

  afterEach(() => {
    expect(slack.calls.every((call) => call.token === "xoxb-test")).toBe(true);
    expect(queueErrors).toEqual([]);
  });

  it("posts the approval request to the asked team's channel with the blocks, and stores where it is", async () => {
    const { requestId, approvalId } = await pendingRequest();
    const row = await outboxRow(approvalId);
    expect(row).toMatchObject({ channel: "slack", target: "C0CHECKOUT", kind: "approval_request", status: "pending" });

    expect(await runDueJobs()).toEqual({ sent: 1, retried: 0, failed: 0 });
    const [post] = slack.callsOf("chat.postMessage");
    expect(post?.args.channel).toBe("C0CHECKOUT");
    const blocks = JSON.parse(post?.args.blocks ?? "[]") as { type: string; elements?: { action_id: string }[] }[];
    expect(blocks[0]).toMatchObject({ type: "header", text: { text: expect.stringContaining("Approval needed: payments") } });
    expect(blocks.find((block) => block.type === "actions")?.elements?.map((element) => element.action_id)).toEqual(["plumbline_approve", "plumbline_reject"]);
    const sent = await outboxRow(approvalId);
    expect(sent).toMatchObject({ status: "sent", attempts: 1, externalRef: expect.stringMatching(/^C0CHECKOUT:\d+\.\d+$/) });
    expect(postsFor(requestId)).toHaveLength(1);
  });

  it("429 with Retry-After, then success: waits as told and posts exactly one message", async () => {
    const { requestId, approvalId } = await pendingRequest();
    slack.failNext("chat.postMessage", { status: 429, retryAfterSeconds: 1 });
    expect(await runDueJobs()).toEqual({ sent: 0, retried: 1, failed: 0 });
    const waiting = await outboxRow(approvalId);
    expect(waiting.status).toBe("pending");
    expect(waiting.attempts).toBe(0); // a rate limit is not a failed attempt
    expect(waiting.lastError).toMatch(/rate limit/);
    expect(waiting.nextAttemptAt.getTime() - clock.now()).toBe(1000);
    await advance(999);
    expect(await runDueJobs()).toEqual({ sent: 0, retried: 0, failed: 0 }); // not before Retry-After: the job starts then
    await advance(1);
    expect(await runDueJobs()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(slack.callsOf("chat.postMessage")).toHaveLength(2);
    expect(postsFor(requestId)).toHaveLength(1);
  });

  it("500, then success: backs off and posts exactly one message", async () => {
    const { requestId, approvalId } = await pendingRequest();
    slack.failNext("chat.postMessage", { status: 500 });
    expect(await runDueJobs()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(await outboxRow(approvalId)).toMatchObject({ status: "pending", attempts: 1, lastError: expect.stringMatching(/HTTP 500/) });
    expect(await runDueJobs()).toEqual({ sent: 0, retried: 0, failed: 0 }); // pg-boss backs off (retryDelay)
    await advance(NOTIFICATION_JOB_POLICY.retryDelay * 2 * 1000); // the first retry waits retryDelay to twice that (jitter)
    expect(await runDueJobs()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(postsFor(requestId)).toHaveLength(1);
    expect((await outboxRow(approvalId)).attempts).toBe(2);
  });

  it("gives up after the queue's retries with the last error", async () => {
    await queue.updateQueue(NOTIFICATION_SEND_QUEUE, { retryLimit: 1 }); // two attempts
    try {
      const { approvalId } = await pendingRequest();
      slack.failNext("chat.postMessage", { status: 500 }, { status: 500 });
      expect(await runDueJobs()).toEqual({ sent: 0, retried: 1, failed: 0 });
      await advance(NOTIFICATION_JOB_POLICY.retryDelay * 2 * 1000);
      expect(await runDueJobs()).toEqual({ sent: 0, retried: 0, failed: 1 });
      const row = await outboxRow(approvalId);
      expect(row).toMatchObject({ status: "failed", attempts: 2, lastError: expect.stringMatching(/HTTP 500 \(gave up after 2 attempts\)/) });
      expect((await queue.findJobs(NOTIFICATION_SEND_QUEUE, { key: row.id })).map((job) => job.state)).toEqual(["failed"]);
      await advance(NOTIFICATION_JOB_POLICY.retryDelayMax * 1000);
      expect(await runDueJobs()).toEqual({ sent: 0, retried: 0, failed: 0 }); // nothing retries a message given up on
    } finally {
      await queue.updateQueue(NOTIFICATION_SEND_QUEUE, { retryLimit: NOTIFICATION_JOB_POLICY.retryLimit });
    }
  });

  it("a sender that died after claiming: the row is sent once by the next one, after the lease", async () => {
    const { requestId, approvalId } = await pendingRequest();
    const [job] = await fetchJobs(20);
    const claimed = await claimNotification(org.id, job?.data.notificationId ?? "", new Date(clock.now()), new Date(clock.now() + 60_000)); // …and then the process died
    expect(claimed?.dedupeKey).toBe(`approval:${approvalId}`);
    expect(await runDueJobs()).toEqual({ sent: 0, retried: 0, failed: 0 }); // its job is active: nobody else takes it
    await diedSenderIsNoticed();
    expect(await runDueJobs()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(postsFor(requestId)).toHaveLength(1);
    expect(await outboxRow(approvalId)).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("a sender that died after Slack accepted the message but before recording it: the next one adopts it, no second post", async () => {
    const { requestId, approvalId } = await pendingRequest();
    const [job] = await fetchJobs(20);
    const claimed = await claimNotification(org.id, job?.data.notificationId ?? "", new Date(clock.now()), new Date(clock.now() + 60_000));
    expect(claimed?.dedupeKey).toBe(`approval:${approvalId}`);
    await sender.postMessage({ channel: "C0CHECKOUT", text: "approval", blocks: [], notificationId: claimed?.id ?? "" }); // Slack has it; we crashed before markSent
    await diedSenderIsNoticed();
    expect(await runDueJobs()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(slack.callsOf("chat.postMessage")).toHaveLength(1);
    expect(slack.callsOf("conversations.history")).toHaveLength(1);
    expect((await outboxRow(approvalId)).externalRef).toMatch(/^C0CHECKOUT:/);
    expect(postsFor(requestId).length + [...slack.messages.values()].filter((message) => message.text === "approval").length).toBe(1);
  });

  it("concurrent senders never send a row twice", async () => {
    const requests = await Promise.all([pendingRequest(), pendingRequest(), pendingRequest(), pendingRequest()]);
    const results = await Promise.all([runDueJobs(), runDueJobs(), runDueJobs()]);
    expect(results.reduce((sum, result) => sum + result.sent, 0)).toBe(4);
    for (const { requestId } of requests) expect(postsFor(requestId)).toHaveLength(1);
    // A second job for a message (a catch-up enqueue, a repeated job) posts nothing more.
    const rows = await Promise.all(requests.map(({ approvalId }) => outboxRow(approvalId)));
    for (const row of rows) await queue.send(NOTIFICATION_SEND_QUEUE, { organizationId: org.id, notificationId: row.id }, { singletonKey: row.id });
    expect(await Promise.all([runDueJobs(), runDueJobs()])).toEqual([
      { sent: 0, retried: 0, failed: 0 },
      { sent: 0, retried: 0, failed: 0 },
    ]);
    for (const { requestId } of requests) expect(postsFor(requestId)).toHaveLength(1);
  });

  it("a decision (here on the web) updates the message without buttons and tells the requesting team", async () => {
    const { requestId, approvalId } = await pendingRequest();
    await runDueJobs();
    await decideApproval(org.id, { deployRequestId: requestId, teamSlug: "checkout", decision: "approve", person: "priya.raman@gate.test" }, { channel: "web", baseUrl: BASE_URL });
    expect(await runDueJobs()).toEqual({ sent: 2, retried: 0, failed: 0 });
    const [update] = slack.callsOf("chat.update");
    const ref = (await outboxRow(approvalId)).externalRef ?? "";
    expect(`${update?.args.channel}:${update?.args.ts}`).toBe(ref);
    const updated = slack.messages.get(ref);
    const json = JSON.stringify(updated?.blocks);
    expect(json).not.toContain("plumbline_approve");
    expect(json).toContain("*Approved* by Priya Raman");
    const outcome = slack.callsOf("chat.postMessage").find((call) => call.args.channel === "#payments");
    expect(outcome?.args.text).toMatch(/^Deploy approved: payments/);
  });

  it("teams that ask for DMs: each owner also gets the request by DM (Slack id from the catalog, else users.lookupByEmail), updated on decision", async () => {
    await getPrisma().team.updateMany({ where: { organizationId: org.id, slug: { in: ["checkout", "storefront"] } }, data: { slackDmApprovers: true } });
    slack.addUser({ id: "U0AMARA", email: "amara.okafor@gate.test", name: "amara.okafor" });
    try {
      const created = await createDeployRequest(org.id, { service: "payments", environment: "qa", version: `3.1.${(version += 1)}` }, { idempotencyKey: null, actor: token, baseUrl: BASE_URL });
      expect(await runDueJobs()).toEqual({ sent: 4, retried: 0, failed: 0 });
      const posts = slack.callsOf("chat.postMessage").filter((call) => (call.args.blocks ?? "").includes(created.request.id));
      expect(posts.map((call) => call.args.channel).sort()).toEqual(["#storefront", "C0CHECKOUT", "D0AMARA", "D0PRIYA"]);
      expect(slack.callsOf("users.lookupByEmail").map((call) => call.args.email)).toEqual(["amara.okafor@gate.test"]);
      expect(await getPrisma().person.findFirst({ where: { organizationId: org.id, email: "amara.okafor@gate.test" }, select: { slackUserId: true } })).toEqual({ slackUserId: "U0AMARA" });

      await decideApproval(org.id, { deployRequestId: created.request.id, teamSlug: "checkout", decision: "approve", person: "priya.raman@gate.test" }, { channel: "web", baseUrl: BASE_URL });
      expect(await runDueJobs()).toEqual({ sent: 4, retried: 0, failed: 0 }); // four messages updated; still pending, so no outcome yet
      const dm = [...slack.messages.values()].find((message) => message.channel === "D0PRIYA" && JSON.stringify(message.blocks).includes(created.request.id));
      expect(JSON.stringify(dm?.blocks)).toContain("*Approved* by Priya Raman");
      const storefront = [...slack.messages.values()].find((message) => message.channel === "D0AMARA" && JSON.stringify(message.blocks).includes(created.request.id));
      expect(JSON.stringify(storefront?.blocks)).toContain("plumbline_approve"); // storefront has not decided yet
    } finally {
      await getPrisma().team.updateMany({ where: { organizationId: org.id }, data: { slackDmApprovers: false } });
    }
  });

  it("break-glass is announced in the channels of the owner and of the teams it skipped", async () => {
    const created = await createDeployRequest(
      org.id,
      { service: "payments", environment: "staging", version: `3.2.${(version += 1)}`, requestedBy: "sam", breakGlassReason: "incident 4711: hotfix" },
      { idempotencyKey: null, actor: token, baseUrl: BASE_URL },
    );
    expect(created.request.status).toBe("approved");
    expect(await runDueJobs()).toEqual({ sent: 2, retried: 0, failed: 0 });
    const announcements = slack.callsOf("chat.postMessage").filter((call) => (call.args.blocks ?? "").includes(created.request.id));
    expect(announcements.map((call) => call.args.channel).sort()).toEqual(["#payments", "C0CHECKOUT"]);
    expect(announcements[0]?.args.blocks).toContain("*sam* overrode the deploy gate");
    expect(announcements[0]?.args.blocks).toContain("incident 4711: hotfix");
  });

  it("a cancelled request's message loses its buttons", async () => {
    const { requestId, approvalId } = await pendingRequest();
    await runDueJobs();
    await cancelDeployRequest(org.id, requestId, { reason: "superseded" }, { actor: token, baseUrl: BASE_URL });
    await runDueJobs();
    const blocks = JSON.stringify(slack.messages.get((await outboxRow(approvalId)).externalRef ?? "")?.blocks);
    expect(blocks).not.toContain("plumbline_approve");
    expect(blocks).toContain("The deploy request is *cancelled*; Checkout's decision is no longer needed.");
  });

  it("re-evaluation: a cleared cause updates the message (chat.update), and with approveWhenCleared the gate approves and says so", async () => {
    const { requestId, approvalId } = await pendingRequest();
    await runDueJobs();
    const ref = (await outboxRow(approvalId)).externalRef ?? "";
    // The staging rule made notify-only: the cause clears; the policy leaves the decision to a person.
    const notifyOnly = GATE_TEST_POLICY_YAML.replace("    approvalTeams: [checkout]\n", "    approvalTeams: [checkout]\n    require: notification\n");
    try {
      expect((await savePolicyDocument(org.id, notifyOnly, { source: "ui", actor: "test" })).ok).toBe(true);
      await runDueJobs();
      const cleared = slack.callsOf("chat.update").filter((call) => `${call.args.channel}:${call.args.ts}` === ref);
      expect(cleared).toHaveLength(1);
      const clearedJson = JSON.stringify(slack.messages.get(ref)?.blocks);
      expect(clearedJson).toContain("_cause cleared_ (now vs. at the request)");
      expect(clearedJson).toContain("plumbline_approve"); // still for a person to decide

      // Saving the same facts again is no news: no second edit.
      expect((await savePolicyDocument(org.id, `${notifyOnly}# same rules\n`, { source: "ui", actor: "test" })).ok).toBe(true);
      await runDueJobs();
      expect(slack.callsOf("chat.update").filter((call) => `${call.args.channel}:${call.args.ts}` === ref)).toHaveLength(1);

      // Now the policy lets the gate approve what cleared.
      expect((await savePolicyDocument(org.id, `approveWhenCleared: true\n${notifyOnly}`, { source: "ui", actor: "test" })).ok).toBe(true);
      const approval = await getPrisma().approval.findUniqueOrThrow({ where: { id: approvalId }, select: { status: true, channel: true, comment: true, decidedById: true } });
      expect(approval).toEqual({ status: "approved", channel: "gate", comment: "approved by the gate: cause cleared", decidedById: null });
      await runDueJobs();
      const approvedJson = JSON.stringify(slack.messages.get(ref)?.blocks);
      expect(approvedJson).toContain("*Approved by the gate*");
      expect(approvedJson).not.toContain("plumbline_approve");
      const outcome = slack.callsOf("chat.postMessage").find((call) => call.args.channel === "#payments" && (call.args.blocks ?? "").includes(requestId));
      expect(outcome?.args.text).toMatch(/^Deploy approved: payments/);
    } finally {
      await savePolicyDocument(org.id, GATE_TEST_POLICY_YAML, { source: "ui", actor: "test" });
    }
  });

  it("expiry updates the message, tells the requesting team, and a click after it decides nothing", async () => {
    const { requestId, approvalId } = await pendingRequest();
    await runDueJobs();
    expect(await expireDeployRequests(new Date(Date.now() + 2 * 3600_000))).toBeGreaterThanOrEqual(1);
    await runDueJobs();
    const ref = (await outboxRow(approvalId)).externalRef ?? "";
    expect(JSON.stringify(slack.messages.get(ref)?.blocks)).toContain("*Expired*: nobody decided in time");
    expect(JSON.stringify(slack.messages.get(ref)?.blocks)).not.toContain("plumbline_approve");
    expect(slack.callsOf("chat.postMessage").find((call) => call.args.channel === "#payments" && (call.args.blocks ?? "").includes(requestId))?.args.text).toMatch(/^Deploy expired: payments/);

    await linkOrganizationToSlackTeam(org.id, "T0OUTBOX");
    const late = await decideApprovalFromSlack(
      { slackTeamId: "T0OUTBOX", slackUserId: SLACK_TEST_USERS.priya.id, value: encodeApprovalActionValue({ deployRequestId: requestId, teamSlug: "checkout" }) },
      { decision: "approve", comment: null },
      async () => null,
    );
    expect(late).toEqual({ kind: "refused", text: expect.stringMatching(/already expired; approvals can no longer change it\. Nothing was recorded\./) });
    const approval = await getPrisma().approval.findUniqueOrThrow({ where: { id: approvalId } });
    expect(approval).toMatchObject({ status: "expired", decidedById: null });
  });
});
