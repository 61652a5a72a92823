import { newWorkerProcess } from "@/server/system/worker-process.ts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { generateKeyPairSync } from "node:crypto";
import { TestClock, type JobWithMetadata } from "pg-boss";
import { POST as postWebhook } from "@/app/api/github/webhooks/route.ts";
import { GET as getGithubSettings, PUT as putGithubSettings } from "@/app/api/v1/integrations/github/route.ts";
import { createSignedInMember, sessionHeaders } from "@/server/testing/test-accounts.ts";
import { deploymentProtectionRuleEvent, deploymentStatusEvent, signedGithubHeaders } from "@/integrations/github/testing/deployment-protection-rule-event.ts";
import { FakeGithubServer } from "@/integrations/github/testing/fake-github-server.ts";
import { importCatalog } from "@/server/catalog/import-catalog.ts";
import { overrideConfig } from "@/server/config/get-config.ts";
import { parseConfig } from "@/server/config/parse-config.ts";
import { getPrisma } from "@/server/db/client.ts";
import { decideApproval } from "@/server/gate/decide-approval.ts";
import { savePolicyDocument } from "@/server/gate/save-policy-document.ts";
import type { TUserActor } from "@/server/identity/actor.ts";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { setJobQueue, startJobQueue, stopJobQueue, type TJobQueue } from "@/server/jobs/job-queue.ts";
import { GATE_TEST_CATALOG, GATE_TEST_POLICY_YAML } from "@/server/testing/gate-test-catalog.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { deliverGithubCallback } from "./deliver-github-callback.ts";
import { GITHUB_CALLBACK_JOB_POLICY, GITHUB_CALLBACK_QUEUE, type TGithubCallbackJobData } from "./github-callback-queue.ts";
import { saveGithubApp } from "./manage-github-app.ts";
import { sweepSettledGithubGates } from "./sweep-github-gates.ts";
import { githubCallbacksWorker } from "@/workers/github/github-callbacks-worker.ts";
import { logger } from "@/server/logger.ts";
import { waitFor } from "@/server/testing/wait-for.ts";

// The GitHub deployment protection rule end to end, on PGlite and Postgres: signed
// webhooks into the real route handler, deploy requests through the gate's own use case,
// callbacks as pg-boss jobs that the test works (playing the github-callbacks worker)
// against a fake GitHub API on a real port, which checks the App JWT with the App's
// public key and records every review. Time for retries is pg-boss's TestClock.

const BASE_URL = "http://plumbline.test";
const SEARCH_COMPONENT = `---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: search
  annotations:
    github.com/project-slug: acme/search
spec: { type: service, lifecycle: production, owner: storefront }
`;

function rsaKeys(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { privateKeyPem: privateKey.export({ type: "pkcs1", format: "pem" }).toString(), publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString() };
}

const admin = (email: string): TUserActor => ({ kind: "user", userId: email, personId: email, role: "admin", name: "Admin", email });

describe.each(TEST_DATABASE_KINDS)("GitHub deployment protection rule on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let github: FakeGithubServer;
  let queue: TJobQueue;
  let orgA: TOrganization;
  let orgB: TOrganization;
  let restoreConfig: (() => void) | undefined;
  const clock = new TestClock(Date.now() + 600_000);
  const queueErrors: Error[] = [];
  const appA = { appId: "1001", secret: "org-a-webhook-secret", installationId: 501, keys: rsaKeys() };
  const appB = { appId: "2002", secret: "org-b-webhook-secret", installationId: 502, keys: rsaKeys() };
  let runId = 9000;

  async function send(body: string, headers: Record<string, string>): Promise<Response> {
    return postWebhook(new Request(`${BASE_URL}/api/github/webhooks`, { method: "POST", headers, body }));
  }

  async function sendEvent(app: typeof appA, input: { repository: string; environment: string; run?: number; installationId?: number; signWith?: string; deploymentId?: number }) {
    const run = input.run ?? (runId += 1);
    const body = JSON.stringify(
      deploymentProtectionRuleEvent({
        apiUrl: github.url,
        repository: input.repository,
        runId: run,
        environment: input.environment,
        installationId: input.installationId ?? app.installationId,
        ...(input.deploymentId !== undefined ? { deploymentId: input.deploymentId } : {}),
      }),
    );
    const response = await send(body, await signedGithubHeaders(body, { secret: input.signWith ?? app.secret, appId: app.appId, event: "deployment_protection_rule" }));
    return { run, body, response, json: (await response.json()) as Record<string, unknown> };
  }

  /** The github-callbacks worker's loop, driven by the test: work every due job; a throw is a failed attempt pg-boss retries. */
  async function runDueJobs(): Promise<{ sent: number; skipped: number; failed: number; retried: number }> {
    const result = { sent: 0, skipped: 0, failed: 0, retried: 0 };
    for (;;) {
      const [job] = (await queue.fetch<TGithubCallbackJobData>(GITHUB_CALLBACK_QUEUE, { batchSize: 1, includeMetadata: true })) as JobWithMetadata<TGithubCallbackJobData>[];
      if (!job) return result;
      try {
        const outcome = await deliverGithubCallback(job.data, { baseUrl: BASE_URL, retryCount: job.retryCount, retryLimit: job.retryLimit });
        result[outcome] += 1;
        await queue.complete(GITHUB_CALLBACK_QUEUE, job.id);
      } catch (error) {
        result.retried += 1;
        await queue.fail(GITHUB_CALLBACK_QUEUE, job.id, { message: error instanceof Error ? error.message : "failed" });
      }
    }
  }

  const reviewsOf = (run: number) => github.reviews.filter((review) => review.runId === String(run));
  const requestCount = (organizationId: string) => getPrisma().deployRequest.count({ where: { organizationId } });

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    github = await new FakeGithubServer().start();
    restoreConfig = overrideConfig(parseConfig({ PLUMBLINE_EGRESS_ALLOW: "127.0.0.1" }));
    github.registerApp(appA.appId, appA.keys.publicKeyPem);
    github.registerApp(appB.appId, appB.keys.publicKeyPem);
    github.install(String(appA.installationId), appA.appId, ["acme/payments", "acme/search", "acme/web"]);
    github.install(String(appB.installationId), appB.appId, ["acme/payments", "acme/search"]);
    queue = await startJobQueue(db.handle, (error) => queueErrors.push(error), { clock, supervise: false });
    setJobQueue(queue);

    orgA = await upsertOrganization("github-a", "GitHub A");
    orgB = await upsertOrganization("github-b", "GitHub B");
    for (const org of [orgA, orgB]) {
      const imported = await importCatalog(org.id, [{ file: "catalog-info.yaml", text: GATE_TEST_CATALOG + SEARCH_COMPONENT }], "test");
      expect(imported.problems).toEqual([]);
      await savePolicyDocument(org.id, GATE_TEST_POLICY_YAML, { source: "ui", actor: "test" });
    }
    // The fake API speaks http on loopback: the settings form asks for https, the use case takes what it is given.
    await saveGithubApp(orgA.id, admin("admin@a.test"), {
      appId: appA.appId,
      apiUrl: github.url,
      privateKey: appA.keys.privateKeyPem,
      webhookSecret: appA.secret,
      mappings: [
        { repository: "acme/payments", service: "payments" },
        { repository: "acme/web", service: "web" },
      ],
    });
    await saveGithubApp(orgB.id, admin("admin@b.test"), { appId: appB.appId, apiUrl: github.url, privateKey: appB.keys.privateKeyPem, webhookSecret: appB.secret, mappings: [] });
  }, 120_000);

  afterAll(async () => {
    restoreConfig?.();
    await github?.stop();
    await stopJobQueue({ graceful: false });
    await db?.close();
  });

  beforeEach(async () => {
    await runDueJobs();
    expect(queueErrors).toEqual([]);
  });

  it("refuses unsigned and wrongly signed webhooks with 401, and creates nothing", async () => {
    const before = await requestCount(orgA.id);
    const body = JSON.stringify(deploymentProtectionRuleEvent({ apiUrl: github.url, repository: "acme/payments", runId: 1, environment: "production", installationId: appA.installationId }));
    const good = await signedGithubHeaders(body, { secret: appA.secret, appId: appA.appId, event: "deployment_protection_rule" });
    const { "x-hub-signature-256": _signature, ...unsigned } = good;
    const wrongSecret = await signedGithubHeaders(body, { secret: "not-the-secret", appId: appA.appId, event: "deployment_protection_rule" });
    for (const [headers, sent] of [
      [unsigned, body],
      [wrongSecret, body],
      [good, body.replace('"production"', '"staging"')], // the body changed after signing
      [{ ...good, "x-github-hook-installation-target-id": appB.appId }, body], // A's signature presented as B's App
    ] as const) {
      const response = await send(sent, headers);
      expect(response.status).toBe(401);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
      expect(await response.json()).toMatchObject({ code: "invalid-signature" });
    }
    expect(await requestCount(orgA.id)).toBe(before);
    expect(await getPrisma().githubDeploymentGate.count({ where: { organizationId: orgA.id, runId: "1" } })).toBe(0);
    expect(await getPrisma().githubInstallation.count()).toBe(0);
    expect(github.calls).toEqual([]);
  });

  it("answers ping, ignores other events, both only when signed", async () => {
    const body = JSON.stringify({ zen: "Keep it logically awesome.", hook_id: 1 });
    const ping = await send(body, await signedGithubHeaders(body, { secret: appA.secret, appId: appA.appId, event: "ping" }));
    expect(ping.status).toBe(200);
    const other = await send(body, await signedGithubHeaders(body, { secret: appA.secret, appId: appA.appId, event: "push" }));
    expect(other.status).toBe(202);
  });

  it("an allowed deploy is approved on GitHub with a link to its request; a redelivery creates nothing and sends nothing", async () => {
    const { run, body, response, json } = await sendEvent(appA, { repository: "acme/payments", environment: "production" });
    expect(response.status).toBe(201);
    expect(json).toMatchObject({ kind: "gated", created: true, status: "approved" });
    const request = await getPrisma().deployRequest.findFirstOrThrow({ where: { organizationId: orgA.id, id: String(json.deployRequestId) }, include: { service: true } });
    expect(request).toMatchObject({ environment: "production", commit: "7638417db6d59f3c431d3e1f261cc637155684cd", requestedBy: "octocat", ciUrl: `https://github.com/acme/payments/actions/runs/${run}` });
    expect(request.service.slug).toBe("payments");

    expect(await runDueJobs()).toMatchObject({ sent: 1, retried: 0 });
    expect(reviewsOf(run)).toEqual([
      { owner: "acme", repo: "payments", runId: String(run), installationId: String(appA.installationId), body: { environment_name: "production", state: "approved", comment: expect.stringContaining(`${BASE_URL}/deploys/${request.id}`) } },
    ]);
    // The review was made with an installation token, obtained with a JWT the fake checked against A's public key.
    expect(github.calls.some((call) => call.path === `/app/installations/${appA.installationId}/access_tokens` && call.status === 201 && call.appId === appA.appId)).toBe(true);

    const redelivered = await send(body, await signedGithubHeaders(body, { secret: appA.secret, appId: appA.appId, event: "deployment_protection_rule" }));
    expect(redelivered.status).toBe(200);
    expect(await redelivered.json()).toMatchObject({ created: false, deployRequestId: request.id });
    expect(await runDueJobs()).toMatchObject({ sent: 0 });
    expect(reviewsOf(run)).toHaveLength(1);
    expect(await getPrisma().deployRequest.count({ where: { organizationId: orgA.id, ciUrl: request.ciUrl } })).toBe(1);
  });

  it("maps a repository through the catalog's github.com/project-slug annotation; a denied deploy is rejected with its reasons", async () => {
    const annotated = await sendEvent(appA, { repository: "acme/search", environment: "production" });
    expect(annotated.json).toMatchObject({ status: "approved" });
    expect((await getPrisma().deployRequest.findFirstOrThrow({ where: { id: String(annotated.json.deployRequestId) }, include: { service: true } })).service.slug).toBe("search");

    const frozen = await sendEvent(appA, { repository: "acme/payments", environment: "frozen" });
    expect(frozen.json).toMatchObject({ status: "rejected" });
    await runDueJobs();
    expect(reviewsOf(frozen.run)).toEqual([expect.objectContaining({ body: { environment_name: "frozen", state: "rejected", comment: expect.stringContaining("frozen") } })]);
  });

  it("pending: GitHub gets a comment with the link, then the owner's rejection on the web becomes a rejected review", async () => {
    const { run, json } = await sendEvent(appA, { repository: "acme/payments", environment: "staging" });
    expect(json).toMatchObject({ status: "pending" });
    const requestId = String(json.deployRequestId);
    await runDueJobs();
    expect(reviewsOf(run)).toEqual([expect.objectContaining({ body: { environment_name: "staging", comment: expect.stringContaining(`${BASE_URL}/deploys/${requestId}`) } })]);

    await decideApproval(orgA.id, { deployRequestId: requestId, teamSlug: "checkout", person: "priya.raman@gate.test", decision: "reject", comment: "checkout is mid-migration" }, { channel: "web", baseUrl: BASE_URL });
    expect(await runDueJobs()).toMatchObject({ sent: 1 });
    const reviews = reviewsOf(run);
    expect(reviews).toHaveLength(2);
    expect(reviews[1]?.body).toMatchObject({ environment_name: "staging", state: "rejected", comment: expect.stringContaining(requestId) });
    // One callback per decision: nothing more to send, however often the worker looks.
    expect(await runDueJobs()).toMatchObject({ sent: 0 });
    expect(reviewsOf(run)).toHaveLength(2);
  });

  it("a re-run of a rejected run (same run id, a new deployment) asks again and gets its own answer", async () => {
    const first = await sendEvent(appA, { repository: "acme/payments", environment: "staging", deploymentId: 11 });
    await decideApproval(orgA.id, { deployRequestId: String(first.json.deployRequestId), teamSlug: "checkout", person: "priya.raman@gate.test", decision: "reject" }, { channel: "web", baseUrl: BASE_URL });
    await runDueJobs();
    const rerun = await sendEvent(appA, { repository: "acme/payments", environment: "staging", run: first.run, deploymentId: 12 });
    expect(rerun.response.status).toBe(201);
    expect(rerun.json.deployRequestId).not.toBe(first.json.deployRequestId);
    await runDueJobs();
    await decideApproval(orgA.id, { deployRequestId: String(rerun.json.deployRequestId), teamSlug: "checkout", person: "priya.raman@gate.test", decision: "approve" }, { channel: "web", baseUrl: BASE_URL });
    await runDueJobs();
    // The first request was decided before its comment went out: the stale comment is skipped.
    expect(reviewsOf(first.run).map((review) => review.body.state)).toEqual(["rejected", undefined, "approved"]);
  });

  it("pending: the owner's approval on the web becomes an approved review", async () => {
    const { run, json } = await sendEvent(appA, { repository: "acme/payments", environment: "staging" });
    await runDueJobs();
    await decideApproval(orgA.id, { deployRequestId: String(json.deployRequestId), teamSlug: "checkout", person: "priya.raman@gate.test", decision: "approve" }, { channel: "web", baseUrl: BASE_URL });
    await runDueJobs();
    expect(reviewsOf(run).map((review) => review.body.state)).toEqual([undefined, "approved"]);
    // Every review of A's installation so far used one installation token, cached until it expires.
    expect(github.calls.filter((call) => call.path === `/app/installations/${appA.installationId}/access_tokens`)).toHaveLength(1);
  });

  it("a decision that raced its webhook (no callback written with it) is answered by the worker's sweep", async () => {
    const { run, json } = await sendEvent(appA, { repository: "acme/payments", environment: "staging" });
    const requestId = String(json.deployRequestId);
    await runDueJobs();
    await decideApproval(orgA.id, { deployRequestId: requestId, teamSlug: "checkout", person: "priya.raman@gate.test", decision: "approve" }, { channel: "web", baseUrl: BASE_URL });
    // As if the decision had read the gates before the webhook wrote this one: its row is not there.
    await getPrisma().notification.deleteMany({ where: { organizationId: orgA.id, deployRequestId: requestId, kind: "github_protection_review" } });
    expect(await runDueJobs()).toMatchObject({ sent: 0 });
    expect(await sweepSettledGithubGates()).toBe(1);
    expect(await sweepSettledGithubGates()).toBe(0);
    expect(await runDueJobs()).toMatchObject({ sent: 1 });
    expect(reviewsOf(run).map((review) => review.body.state)).toEqual([undefined, "approved"]);
  });

  it("retries the callback after GitHub answers 500, with pg-boss's backoff, and sends it once", async () => {
    github.failNext(2, 500);
    const { run, json } = await sendEvent(appA, { repository: "acme/payments", environment: "production" });
    expect(await runDueJobs()).toMatchObject({ retried: 1, sent: 0 });
    const row = await getPrisma().notification.findFirstOrThrow({ where: { organizationId: orgA.id, deployRequestId: String(json.deployRequestId), channel: "github" } });
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastError: "deployment protection review: GitHub answered HTTP 500" });
    expect(reviewsOf(run)).toEqual([]);

    // Not due before its backoff; due after it (twice: the second 500, then success).
    expect(await runDueJobs()).toMatchObject({ retried: 0, sent: 0 });
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      await clock.setTime(clock.now() + GITHUB_CALLBACK_JOB_POLICY.retryDelay * 2 ** attempt * 1000 + 1000);
      await runDueJobs();
    }
    expect(reviewsOf(run)).toEqual([expect.objectContaining({ body: expect.objectContaining({ state: "approved" }) })]);
    expect(await getPrisma().notification.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "sent", attempts: 3 });
  });

  it("deployment_status events of a gated run come back into the request's history: started, then deployed", async () => {
    const { run, json } = await sendEvent(appA, { repository: "acme/payments", environment: "production" });
    const requestId = String(json.deployRequestId);
    const status = async (state: string, environment = "production", statusRun = run) => {
      const body = JSON.stringify(deploymentStatusEvent({ apiUrl: github.url, repository: "acme/payments", runId: statusRun, environment, installationId: appA.installationId, state }));
      const response = await send(body, await signedGithubHeaders(body, { secret: appA.secret, appId: appA.appId, event: "deployment_status" }));
      return { code: response.status, json: (await response.json()) as Record<string, unknown> };
    };
    expect(await status("in_progress")).toEqual({ code: 200, json: { kind: "reported", deployRequestId: requestId, status: "approved" } });
    expect(await status("queued")).toMatchObject({ code: 202, json: { kind: "ignored" } });
    expect(await status("success", "staging")).toMatchObject({ code: 202, json: { kind: "ignored", event: "deployment_status.not-gated" } });
    expect(await status("success", "production", 1)).toMatchObject({ code: 202 });
    expect(await status("success")).toEqual({ code: 200, json: { kind: "reported", deployRequestId: requestId, status: "deployed" } });
    expect(await status("success")).toMatchObject({ code: 200, json: { status: "deployed" } }); // a redelivery records nothing new
    const history = await getPrisma().changeEvent.findMany({ where: { organizationId: orgA.id, deployRequestId: requestId, type: { in: ["deploy_started", "deploy_succeeded"] } }, select: { type: true, details: true } });
    expect(history.map((event) => event.type).sort()).toEqual(["deploy_started", "deploy_succeeded"]);
    expect(history.find((event) => event.type === "deploy_succeeded")?.details).toMatchObject({ message: "Deployment success", url: expect.stringContaining(`/actions/runs/${run}/job/1`) });
  });

  it("a 4xx from GitHub (the installation lost the repository) fails the callback with its reason, without retrying", async () => {
    const { run, json } = await sendEvent(appA, { repository: "acme/web", environment: "production", installationId: appA.installationId });
    expect(json).toMatchObject({ kind: "gated" });
    github.install(String(appA.installationId), appA.appId, ["acme/payments", "acme/search"]);
    try {
      expect(await runDueJobs()).toMatchObject({ failed: 1, retried: 0 });
      expect(await getPrisma().notification.findFirstOrThrow({ where: { organizationId: orgA.id, deployRequestId: String(json.deployRequestId), channel: "github" } })).toMatchObject({
        status: "failed",
        lastError: "deployment protection review: GitHub answered HTTP 404",
      });
      await clock.setTime(clock.now() + 600_000);
      expect(await runDueJobs()).toMatchObject({ sent: 0, failed: 0, retried: 0 });
      expect(reviewsOf(run)).toEqual([]);
    } finally {
      github.install(String(appA.installationId), appA.appId, ["acme/payments", "acme/search", "acme/web"]);
    }
  });

  it("another organization's App and installation cannot reach this organization's services", async () => {
    const beforeA = await requestCount(orgA.id);
    // B's App, correctly signed, for a repository only A maps: B has no such mapping or annotation.
    const unmapped = await sendEvent(appB, { repository: "acme/payments", environment: "production" });
    expect(unmapped.response.status).toBe(422);
    expect(unmapped.json).toMatchObject({ code: "unknown-reference" });
    // B's App presenting A's installation (bound to A by A's earlier events): refused.
    const stolen = await sendEvent(appB, { repository: "acme/payments", environment: "production", installationId: appA.installationId });
    expect(stolen.response.status).toBe(403);
    // B's App with its own installation, on a service B's catalog has: B's request, in B.
    const own = await sendEvent(appB, { repository: "acme/search", environment: "production" });
    expect(own.response.status).toBe(201);
    expect(await getPrisma().deployRequest.count({ where: { organizationId: orgB.id, id: String(own.json.deployRequestId) } })).toBe(1);
    expect(await requestCount(orgA.id)).toBe(beforeA);
    expect(await getPrisma().githubInstallation.findUniqueOrThrow({ where: { installationId: String(appA.installationId) } })).toMatchObject({ organizationId: orgA.id });
    await runDueJobs();
    expect(reviewsOf(own.run)).toEqual([expect.objectContaining({ installationId: String(appB.installationId), body: expect.objectContaining({ state: "approved" }) })]);
  });

  it("settings over the API: zod errors as problem+json per field; the key and the secret are sealed and never shown", async () => {
    const owner = await createSignedInMember(orgB.id, { role: "admin" });
    const put = (body: unknown) =>
      putGithubSettings(new Request("http://localhost/api/v1/integrations/github", { method: "PUT", headers: { "content-type": "application/json", ...sessionHeaders(owner) }, body: JSON.stringify(body) }), {
        params: Promise.resolve({}),
      });
    const invalid = await put({ appId: "12ab", apiUrl: "http://api.github.com", mappings: [{ repository: "https://github.com/acme/x", service: "Pay Ments" }] });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await invalid.json()) as { code: string; errors: { field: string }[] };
    expect(problem.code).toBe("validation-failed");
    expect(problem.errors.map((error) => error.field).sort()).toEqual(["apiUrl", "appId", "mappings.0.repository", "mappings.0.service"]);

    const notAKey = await put({ appId: "2002", privateKey: "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----", webhookSecret: "x" });
    expect(notAKey.status).toBe(400);
    expect(await notAKey.json()).toMatchObject({ detail: expect.stringContaining("not an RSA private key") });

    // A later save without the secrets keeps them (B's webhooks still verify afterwards).
    const saved = await put({ appId: appB.appId, apiUrl: "https://api.github.com", mappings: [{ repository: "beta/shop", githubEnvironment: "prod", service: "web", environment: "production" }] });
    expect(saved.status).toBe(200);
    const shown = await (await getGithubSettings(new Request("http://localhost/api/v1/integrations/github", { headers: sessionHeaders(owner) }), { params: Promise.resolve({}) })).text();
    expect(JSON.parse(shown)).toMatchObject({ appId: appB.appId, webhookPath: "/api/github/webhooks", mappings: [{ repository: "beta/shop", service: "web" }] });
    const row = await getPrisma().githubApp.findUniqueOrThrow({ where: { organizationId: orgB.id } });
    for (const text of [shown, JSON.stringify(row)]) {
      expect(text).not.toContain(appB.secret);
      expect(text).not.toContain("PRIVATE KEY");
    }
    const body = JSON.stringify({ zen: "still verified" });
    expect((await send(body, await signedGithubHeaders(body, { secret: appB.secret, appId: appB.appId, event: "ping" }))).status).toBe(200);
  });

  it("the github-callbacks worker (as the workers process runs it) answers GitHub by itself, then stops", async () => {
    // The worker polls on pg-boss's own timers: give it a queue on real time (the last test of the file).
    await queue.stop({ graceful: false });
    queue = await startJobQueue(db.handle, (error) => queueErrors.push(error), { supervise: false });
    setJobQueue(queue);
    const worker = await githubCallbacksWorker.start({ queue, log: logger, demo: false, process: newWorkerProcess() });
    try {
      const { run } = await sendEvent(appA, { repository: "acme/payments", environment: "production" });
      await waitFor("the worker's review", () => reviewsOf(run).length === 1, 20_000);
      expect(reviewsOf(run)[0]?.body).toMatchObject({ state: "approved" });
    } finally {
      await worker.stop();
    }
  });
});
