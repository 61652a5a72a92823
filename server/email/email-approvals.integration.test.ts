import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TestClock } from "pg-boss";
import { importCatalog } from "@/server/catalog/import-catalog.ts";
import { overrideConfig } from "@/server/config/get-config.ts";
import { parseConfig } from "@/server/config/parse-config.ts";
import { getPrisma } from "@/server/db/client.ts";
import { cancelDeployRequest } from "@/server/gate/cancel-deploy-request.ts";
import { createDeployRequest } from "@/server/gate/create-deploy-request.ts";
import { savePolicyDocument } from "@/server/gate/save-policy-document.ts";
import { STRICT_EGRESS_POLICY } from "@/server/http/egress-policy.ts";
import { getSignedInSession } from "@/server/identity/get-signed-in-session.ts";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { inviteMember } from "@/server/identity/invitations.ts";
import { setJobQueue, startJobQueue, stopJobQueue, type TJobQueue } from "@/server/jobs/job-queue.ts";
import { GATE_TEST_CATALOG, GATE_TEST_POLICY_YAML } from "@/server/testing/gate-test-catalog.ts";
import { createSignedInMember, type TTestMember } from "@/server/testing/test-accounts.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { TestSmtpServer } from "@/server/testing/test-smtp-server.ts";
import { decideFromEmailLink } from "./decide-from-email-link.ts";
import { upsertNotificationSettings } from "./email.repository.ts";
import { createEmailQueue, EMAIL_JOB_POLICY, EMAIL_SEND_QUEUE, type TEmailJobData } from "./email-queue.ts";
import { enqueuePendingEmails } from "./enqueue-pending-emails.ts";
import { sendEmailJob, type TEmailJob } from "./send-email-job.ts";
import { saveSmtpSettings } from "./smtp-settings.ts";
import { createSmtpSend } from "./smtp-transport.ts";

// E-mail approvals end to end, on PGlite and Postgres: the gate asks checkout, whose owner
// has no Slack, so the outbox e-mails her through a real SMTP server on loopback (smtp-server,
// parsed with mailparser); the links in what arrived decide only for her, once.
// The test plays the e-mail worker (sweep, fetch a due job, run it) and owns time through
// pg-boss's TestClock, as the Slack outbox test does.

const BASE_URL = "http://plumbline.test";
const token = { kind: "token" as const, tokenId: "t", tokenName: "ci" };
let version = 0;

describe.each(TEST_DATABASE_KINDS)("e-mail approvals on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: TOrganization;
  let smtp: TestSmtpServer;
  let queue: TJobQueue;
  let restoreConfig: (() => void) | undefined;
  let priya: TTestMember; // owner of checkout
  let hana: TTestMember; // member of checkout, not an owner
  const clock = new TestClock(Date.now() + 600_000);
  const queueErrors: Error[] = [];
  const send = createSmtpSend();
  const advance = (ms: number) => clock.setTime(clock.now() + ms);

  async function runDueJobs(): Promise<{ sent: number; retried: number; failed: number }> {
    await enqueuePendingEmails(queue);
    const result = { sent: 0, retried: 0, failed: 0 };
    for (;;) {
      const [job] = await queue.fetch<TEmailJobData>(EMAIL_SEND_QUEUE, { batchSize: 1, includeMetadata: true });
      if (!job) return result;
      const outcome = await sendEmailJob(queue, send, job as TEmailJob, { baseUrl: BASE_URL, now: () => new Date(clock.now()) });
      if (outcome === "sent") result.sent += 1;
      else if (outcome === "failed") result.failed += 1;
      else if (outcome === "retrying") result.retried += 1;
    }
  }

  async function pendingRequest(): Promise<string> {
    const created = await createDeployRequest(org.id, { service: "payments", environment: "staging", version: `4.0.${(version += 1)}` }, { idempotencyKey: null, actor: token, baseUrl: BASE_URL });
    expect(created.request.status).toBe("pending");
    return created.request.id;
  }

  const session = (member: TTestMember) => getSignedInSession(new Headers({ cookie: member.cookie }));
  const links = (html: string) => [...html.matchAll(/href="([^"]*\/email-links\/[^"]+)"/g)].map((match) => new URL((match[1] ?? "").replaceAll("&amp;", "&")));
  const tokenOf = (url: URL) => decodeURIComponent(url.pathname.split("/").at(-1) ?? "");

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    smtp = await new TestSmtpServer().start();
    restoreConfig = overrideConfig(parseConfig({ SMTP_HOST: "127.0.0.1", SMTP_PORT: String(smtp.port), SMTP_FROM: "Plumbline <plumbline@gate.test>" }));
    org = await upsertOrganization(`email-approvals-${kind}`, "E-mail approvals test");
    const imported = await importCatalog(org.id, [{ file: "catalog-info.yaml", text: GATE_TEST_CATALOG }], "test");
    expect(imported.problems).toEqual([]);
    await savePolicyDocument(org.id, GATE_TEST_POLICY_YAML, { source: "ui", actor: "test" });
    priya = await createSignedInMember(org.id, { role: "member", email: "priya.raman@gate.test" });
    hana = await createSignedInMember(org.id, { role: "member", email: "hana.sato@gate.test" });
    queue = await startJobQueue(db.handle, (error) => queueErrors.push(error), { clock, supervise: false });
    await createEmailQueue(queue);
    setJobQueue(queue);
  }, 120_000);

  afterAll(async () => {
    restoreConfig?.();
    await smtp?.stop();
    await stopJobQueue({ graceful: false });
    await db?.close();
  });

  beforeEach(async () => {
    await runDueJobs();
    smtp.received.length = 0;
    expect(queueErrors).toEqual([]);
  });

  it("the owner gets the approval by e-mail; wrong person refused, owner decides once, a second click decides nothing", async () => {
    const requestId = await pendingRequest();
    expect(await runDueJobs()).toEqual({ sent: 1, retried: 0, failed: 0 });
    const [mail] = smtp.mailsTo("priya.raman@gate.test");
    expect(smtp.received).toHaveLength(1); // only the owner: checkout names owners
    expect(mail?.subject).toMatch(/^Approval needed: payments/);
    expect(mail?.from?.value[0]).toMatchObject({ name: "Plumbline", address: "plumbline@gate.test" });
    expect(mail?.text).toContain("Why Checkout is asked");
    const [approve, reject] = links(typeof mail?.html === "string" ? mail.html : "");
    expect(approve?.origin).toBe(BASE_URL);
    expect(reject).toBeDefined();
    expect(mail?.text).toContain(`Approve: ${approve?.toString()}`);

    // Not signed in: sent to sign in; nothing recorded.
    expect(await decideFromEmailLink(tokenOf(approve as URL), null, { baseUrl: BASE_URL })).toEqual({ kind: "sign-in" });
    // Signed in as someone else (a member of the team, but not the person asked): refused.
    const wrong = await decideFromEmailLink(tokenOf(approve as URL), await session(hana), { baseUrl: BASE_URL });
    expect(wrong).toMatchObject({ kind: "wrong-person", sentTo: "Priya Raman <priya.raman@gate.test>", signedInAs: "hana.sato@gate.test" });
    expect(await getPrisma().approval.findFirst({ where: { deployRequestId: requestId }, select: { status: true } })).toEqual({ status: "pending" });
    // A changed token is not ours.
    expect(await decideFromEmailLink(`${tokenOf(approve as URL)}x`, await session(priya), { baseUrl: BASE_URL })).toEqual({ kind: "invalid" });

    // The owner: decided, once.
    const decided = await decideFromEmailLink(tokenOf(approve as URL), await session(priya), { baseUrl: BASE_URL });
    expect(decided).toMatchObject({ kind: "decided", decision: "approve", teamName: "Checkout", requestStatus: "approved" });
    const approval = await getPrisma().approval.findFirstOrThrow({ where: { deployRequestId: requestId }, select: { status: true, channel: true, decidedBy: { select: { email: true } } } });
    expect(approval).toEqual({ status: "approved", channel: "email", decidedBy: { email: "priya.raman@gate.test" } });

    // Twice (and the Reject link after it): no second decision, and the page says what was decided.
    for (const link of [approve, reject]) {
      const again = await decideFromEmailLink(tokenOf(link as URL), await session(priya), { baseUrl: BASE_URL });
      expect(again).toMatchObject({ kind: "already-decided", teamName: "Checkout", status: "approved", decidedBy: "Priya Raman" });
    }
    const events = await getPrisma().changeEvent.findMany({ where: { organizationId: org.id, deployRequestId: requestId, type: { in: ["approval_given", "approval_rejected"] } } });
    expect(new Set(events.map((event) => event.dedupeKey?.split(":").slice(0, -1).join(":"))).size).toBe(1);
    expect((await getPrisma().deployRequest.findUniqueOrThrow({ where: { id: requestId } })).status).toBe("approved");
    // She settled it herself: no e-mail tells her what she just did.
    expect(await runDueJobs()).toEqual({ sent: 0, retried: 0, failed: 0 });
  });

  it("a request settled without her (cancelled by CI) e-mails her the outcome once, without links", async () => {
    const requestId = await pendingRequest();
    expect(await runDueJobs()).toEqual({ sent: 1, retried: 0, failed: 0 });
    await cancelDeployRequest(org.id, requestId, { reason: "superseded by 4.0.99" }, { actor: token, baseUrl: BASE_URL });
    expect(await runDueJobs()).toEqual({ sent: 1, retried: 0, failed: 0 });
    const [request, outcome] = smtp.mailsTo("priya.raman@gate.test");
    expect(request?.subject).toMatch(/^Approval needed: payments/);
    expect(outcome?.subject).toMatch(/^No longer needed: payments/);
    expect(outcome?.text).toContain("nothing is needed from you");
    expect(links(typeof outcome?.html === "string" ? outcome.html : "")).toEqual([]);
    // Cancelling again (idempotent) plans nothing more.
    await cancelDeployRequest(org.id, requestId, {}, { actor: token, baseUrl: BASE_URL });
    expect(await runDueJobs()).toEqual({ sent: 0, retried: 0, failed: 0 });
    const rows = await getPrisma().notification.findMany({ where: { organizationId: org.id, deployRequestId: requestId, channel: "email" }, select: { kind: true, status: true } });
    expect(rows.map((row) => row.kind).sort()).toEqual(["approval_email", "approval_email_outcome"]);
  });

  it("a request settled before its e-mail went out sends no outcome: the late e-mail already shows it", async () => {
    const requestId = await pendingRequest();
    await cancelDeployRequest(org.id, requestId, {}, { actor: token, baseUrl: BASE_URL });
    expect(await runDueJobs()).toEqual({ sent: 1, retried: 0, failed: 0 });
    const [late] = smtp.mailsTo("priya.raman@gate.test");
    expect(late?.subject).toMatch(/^No longer needed: payments/);
    expect(links(typeof late?.html === "string" ? late.html : "")).toEqual([]);
  });

  it("an SMTP outage: the message waits with the error, is retried with backoff, and arrives once", async () => {
    await pendingRequest();
    smtp.failNext(2);
    expect(await runDueJobs()).toEqual({ sent: 0, retried: 1, failed: 0 });
    const row = await getPrisma().notification.findFirstOrThrow({ where: { organizationId: org.id, channel: "email", status: { not: "sent" } } });
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastError: expect.stringMatching(/421/) });
    expect(await runDueJobs()).toEqual({ sent: 0, retried: 0, failed: 0 }); // not before the backoff
    await advance(EMAIL_JOB_POLICY.retryDelay * 2 * 1000);
    expect(await runDueJobs()).toEqual({ sent: 0, retried: 1, failed: 0 });
    await advance(EMAIL_JOB_POLICY.retryDelay * 4 * 1000);
    expect(await runDueJobs()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(await getPrisma().notification.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "sent", attempts: 3, lastError: null });
  });

  it("a person who chose e-mail off gets none; the team's other deciders are unaffected", async () => {
    const priyaUser = await getPrisma().user.findUniqueOrThrow({ where: { email: "priya.raman@gate.test" } });
    await upsertNotificationSettings(org.id, priyaUser.id, { approvals: "off", digest: "off" });
    try {
      await pendingRequest();
      expect(await runDueJobs()).toEqual({ sent: 0, retried: 0, failed: 0 });
      expect(smtp.received).toHaveLength(0);
    } finally {
      await upsertNotificationSettings(org.id, priyaUser.id, { approvals: "auto", digest: "off" });
    }
  });

  it("an invitation goes out by e-mail with its link", async () => {
    const admin = { kind: "user" as const, userId: "u-admin", personId: "p-admin", role: "admin" as const, name: "Ada Admin", email: "ada@gate.test" };
    const invitation = await inviteMember(org.id, admin, { email: "new.person@gate.test", role: "member" }, BASE_URL);
    expect(invitation.emailed).toBe(true);
    expect(await runDueJobs()).toEqual({ sent: 1, retried: 0, failed: 0 });
    const [mail] = smtp.mailsTo("new.person@gate.test");
    expect(mail?.subject).toBe("Join E-mail approvals test on Plumbline");
    expect(mail?.text).toContain(invitation.link);
    expect(mail?.text).toContain("Ada Admin invites you");
    // The link's token is stored sealed, never in clear.
    const row = await getPrisma().notification.findFirstOrThrow({ where: { organizationId: org.id, kind: "invitation" } });
    expect(JSON.stringify(row.payload)).not.toContain(invitation.link.split("/").at(-1));
  });

  it("an organization's own mail server: egress-checked on save, password sealed, used with its login", async () => {
    const admin = { kind: "user" as const, userId: "u-admin", personId: "p-admin", role: "admin" as const, name: "Ada Admin", email: "ada@gate.test" };
    const own = await new TestSmtpServer({ user: "mailer", password: "s3cret-pass" }).start();
    try {
      const input = { host: "127.0.0.1", port: own.port, secure: false, username: "mailer", password: "s3cret-pass", fromAddress: "Team Mail <ops@org.test>" };
      await expect(saveSmtpSettings(org.id, admin, input, { egress: { policy: () => STRICT_EGRESS_POLICY } })).rejects.toMatchObject({ status: 400, detail: expect.stringMatching(/loopback/) });
      const member = { ...admin, role: "member" as const };
      await expect(saveSmtpSettings(org.id, member, input)).rejects.toMatchObject({ status: 403 });
      await saveSmtpSettings(org.id, admin, input);
      const stored = await getPrisma().smtpSettings.findUniqueOrThrow({ where: { organizationId: org.id } });
      expect(stored.passwordCiphertext).not.toContain("s3cret");
      await pendingRequest();
      expect(await runDueJobs()).toEqual({ sent: 1, retried: 0, failed: 0 });
      expect(smtp.received).toHaveLength(0);
      expect(own.mailsTo("priya.raman@gate.test")[0]?.from?.value[0]).toMatchObject({ name: "Team Mail", address: "ops@org.test" });
    } finally {
      await getPrisma().smtpSettings.deleteMany({ where: { organizationId: org.id } });
      await own.stop();
    }
  });
});
