import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { childProcessEnv, overrideConfig } from "@/server/config/get-config.ts";
import { parseConfig } from "@/server/config/parse-config.ts";
import { getPrisma } from "@/server/db/client.ts";
import { openTestDatabase } from "@/server/testing/test-databases.ts";
import { createSignedInMember, type TTestMember } from "@/server/testing/test-accounts.ts";
import { GATE_TEST_POLICY_YAML, writeGateTestFiles } from "@/server/testing/gate-test-catalog.ts";
import { startTestApp, TEST_AUTH_SECRET, type TTestApp } from "@/server/testing/start-test-app.ts";
import { waitFor } from "@/server/testing/wait-for.ts";
import { createApiToken, revokeApiToken } from "@/server/identity/api-tokens.ts";
import { API_TOKEN_CACHE_TTL_MS } from "@/server/identity/api-token-cache.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import type { TDeployRequestDto } from "./gate.schemas.ts";
import { GATE_CLIENT_FILE } from "./gate-client-file.ts";
import { runCompositeAction } from "@/integrations/github/testing/run-composite-action.ts";
import { writeCliBundleTo } from "@/scripts/server-bundles.ts";
import YAML from "yaml";

// The deploy gate over HTTP against the real product on PostgreSQL (one app start for
// the file): the CI API, its errors, idempotency and long-poll, policies, and the
// `plumbline gate` CLI as CI runs it. Outcomes are chosen by environment through
// PLUMBLINE_POLICIES (server/testing/gate-test-catalog.ts), not by SLO data.

interface TProblem {
  type: string;
  code: string;
  requestId: string;
  title: string;
  status: number;
  detail: string;
  errors?: { rule: string; field: string; message: string }[];
}

let db: Awaited<ReturnType<typeof openTestDatabase>>;
let app: TTestApp;
let token: string;
// The CLI runs get tokens of their own: each token may send 60 requests a minute, and the tests above spend most of token's.
let cliToken: string;
let standaloneToken: string;
let integrationsToken: string;
let restoreConfig: (() => void) | undefined;
let otherOrgToken: string;
let adminCookie: string;
// Catalog people of the test catalog, signed in: Priya owns checkout, Hana is a plain member of it, Jane owns payments.
let priya: TTestMember;
let hana: TTestMember;
let jane: TTestMember;
let otherTenantAdmin: TTestMember;
const ADMIN = { email: "admin@gate-api.test", password: "gate-api-admin-password" };
let tmp: string;
let cliBundleDir: string;
let version = 0;

/** A unique version per request, so tests never collide. */
const nextVersion = () => `1.0.${(version += 1)}`;

async function api(
  pathname: string,
  init: { method?: string; body?: unknown; rawBody?: string; token?: string | null; as?: { cookie: string }; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { accept: "application/json", ...init.headers };
  const bearer = init.as ? null : init.token === undefined ? token : init.token;
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  // No token: a signed-in browser session (same origin, as a browser sends it), by default the local admin's.
  else Object.assign(headers, { cookie: (init.as ?? { cookie: adminCookie }).cookie, origin: app.url });
  let body: string | undefined;
  if (init.rawBody !== undefined || init.body !== undefined) {
    headers["content-type"] ??= "application/json";
    body = init.rawBody ?? JSON.stringify(init.body);
  }
  const response = await fetch(`${app.url}${pathname}`, { method: init.method ?? (body === undefined ? "GET" : "POST"), headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? (JSON.parse(text) as unknown) : null };
}

async function requestDeploy(body: Record<string, string>, options: { idempotencyKey?: string; token?: string | null } = {}) {
  return api("/api/v1/deploy-requests", {
    body: { service: "payments", environment: "dev", version: nextVersion(), ...body },
    ...(options.token !== undefined ? { token: options.token } : {}),
    ...(options.idempotencyKey ? { headers: { "idempotency-key": options.idempotencyKey } } : {}),
  });
}

function expectProblem(result: { status: number; headers: Headers; json: unknown }, status: number, code: string, detail?: RegExp): TProblem {
  expect(result.status).toBe(status);
  expect(result.headers.get("content-type")).toContain("application/problem+json");
  const problem = result.json as TProblem;
  expect(problem).toMatchObject({ status, code, type: `https://plumbline.dev/problems/${code}` });
  // docs/problems.md: the request id is in the body and in the X-Request-Id header.
  expect(problem.requestId).toEqual(expect.any(String));
  expect(result.headers.get("x-request-id")).toBe(problem.requestId);
  if (detail) expect(problem.detail).toMatch(detail);
  return problem;
}

type TRun = { code: number; stdout: string; stderr: string };
type TGateRunner = (args: string[], env?: Record<string, string>) => Promise<TRun>;

function execNode(file: string, args: string[], options: { env: NodeJS.ProcessEnv; cwd?: string }): Promise<TRun> {
  return new Promise((resolve) => {
    execFile(file, args, { ...options, timeout: 90_000 }, (error, stdout, stderr) => {
      const code = error && typeof error.code === "number" ? error.code : error ? 1 : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * `plumbline gate` from this repository (server/config), compiled as production runs it
 * (dist/cli.js's bundle, built from these sources in beforeAll into a directory of this
 * file's own): under tsx each of the lane's dozen runs spent ~1.3 s more starting up.
 */
let cliBundle: string;
const runCli: TGateRunner = (args, env = {}) =>
  execNode(process.execPath, [cliBundle, "gate", ...args], {
    env: childProcessEnv({ PLUMBLINE_TOKEN: cliToken, PLUMBLINE_URL: app.url, GITHUB_ACTOR: "", GITHUB_SHA: "", ...env }),
  });

/**
 * The standalone client as CI runs it: the copy the app serves, downloaded alone into an
 * empty directory (no node_modules, no package.json) and run with plain `node` and an
 * environment holding only PATH and what the test sets.
 */
let standaloneDir: string;
const runStandalone: TGateRunner = (args, env = {}) =>
  execNode(process.execPath, ["plumbline-gate.mjs", "gate", ...args], {
    cwd: standaloneDir,
    // NODE_ENV only because Next's types make it required in ProcessEnv; the client does not read it.
    env: { NODE_ENV: "production", PATH: childProcessEnv().PATH ?? "/usr/bin:/bin", PLUMBLINE_TOKEN: standaloneToken, PLUMBLINE_URL: app.url, ...env },
  });

beforeAll(async () => {
  db = await openTestDatabase("postgres");
  // The app signs sessions with TEST_AUTH_SECRET (it runs on Postgres, where the secret must
  // come from the environment): the sessions this process creates must be signed with it too.
  restoreConfig = overrideConfig(parseConfig(childProcessEnv({ PLUMBLINE_AUTH_SECRET: TEST_AUTH_SECRET })));
  // The default organization (its local admin's browser session, and a CI token), and a second tenant.
  const org = await upsertOrganization("default", "Gate HTTP test");
  const other = await upsertOrganization("other-tenant", "Other tenant");
  token = (await createApiToken(org.id, "ci")).token;
  otherOrgToken = (await createApiToken(other.id, "other-ci")).token;
  cliToken = (await createApiToken(org.id, "cli")).token;
  standaloneToken = (await createApiToken(org.id, "standalone-cli")).token;
  integrationsToken = (await createApiToken(org.id, "github-gitlab")).token;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plumbline-gate-api-"));
  // Inside the repository, so the bundle's npm imports resolve from its node_modules; not dist/,
  // which other test files run the server from while this one builds.
  fs.mkdirSync(path.join(process.cwd(), ".plumbline"), { recursive: true });
  cliBundleDir = fs.mkdtempSync(path.join(process.cwd(), ".plumbline", "gate-api-cli-"));
  cliBundle = path.join(cliBundleDir, "cli.js");
  await writeCliBundleTo(cliBundle);
  const { catalogDir, policyFile } = writeGateTestFiles(tmp);
  app = await startTestApp({
    DATABASE_URL: db.url ?? "",
    PLUMBLINE_AUTH_SECRET: TEST_AUTH_SECRET,
    PLUMBLINE_CATALOG: catalogDir,
    PLUMBLINE_POLICIES: policyFile,
    PLUMBLINE_ADMIN_EMAIL: ADMIN.email,
    PLUMBLINE_ADMIN_PASSWORD: ADMIN.password,
    // The tests that wait for the approvals worker to expire a request wait one tick of it (15 s by default).
    PLUMBLINE_APPROVAL_EXPIRY_INTERVAL: "1s",
  });
  const signIn = await fetch(`${app.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: app.url },
    body: JSON.stringify(ADMIN),
  });
  adminCookie = signIn.headers.getSetCookie().map((header) => header.split(";")[0]).join("; ");
  // Same database and auth secret as the app: these sessions are valid there.
  priya = await createSignedInMember(org.id, { role: "member", email: "priya.raman@gate.test" });
  hana = await createSignedInMember(org.id, { role: "member", email: "hana.sato@gate.test" });
  jane = await createSignedInMember(org.id, { role: "member", email: "jane.doe@gate.test" });
  otherTenantAdmin = await createSignedInMember(other.id, { role: "admin" });
  standaloneDir = fs.mkdtempSync(path.join(os.tmpdir(), "plumbline-gate-alone-"));
  const client = await fetch(`${app.url}/cli/plumbline-gate.mjs`);
  fs.writeFileSync(path.join(standaloneDir, "plumbline-gate.mjs"), Buffer.from(await client.arrayBuffer()));
}, 360_000);

afterAll(async () => {
  await app?.stop();
  await db?.close();
  restoreConfig?.();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  if (standaloneDir) fs.rmSync(standaloneDir, { recursive: true, force: true });
  if (cliBundleDir) fs.rmSync(cliBundleDir, { recursive: true, force: true });
});

describe("POST /api/v1/deploy-requests (Postgres, over HTTP)", () => {
  it("approves when no rule objects: 201 with the DESIGN shape", async () => {
    const result = await requestDeploy({ commit: "9f2c1ab", requestedBy: "ci-bot", ciUrl: "https://ci.example/runs/1" });
    expect(result.status).toBe(201);
    const body = result.json as TDeployRequestDto;
    expect(body).toMatchObject({ status: "approved", service: "payments", environment: "dev", approvals: [], commit: "9f2c1ab", requestedBy: "ci-bot" });
    expect(body.reasons.length).toBeGreaterThan(0);
    expect(body.links).toEqual({ self: `${app.url}/api/v1/deploy-requests/${body.id}`, ui: `${app.url}/deploys/${body.id}` });
    expect(result.headers.get("location")).toBe(body.links.self);
  });

  it("waits for the asked team when a rule requires approval (pending)", async () => {
    const result = await requestDeploy({ environment: "staging" });
    expect(result.status).toBe(201);
    const body = result.json as TDeployRequestDto;
    expect(body.status).toBe("pending");
    expect(body.approvals).toEqual([expect.objectContaining({ team: "checkout", status: "pending" })]);
    expect(body.reasons.find((reason) => reason.rule === "staging-needs-checkout")?.effect).toBe("require_approval");
    expect(Date.parse(body.expiresAt ?? "")).toBeGreaterThan(Date.now() + 59 * 60_000);
  });

  it("rejects when a rule denies", async () => {
    const body = (await requestDeploy({ environment: "Frozen" })).json as TDeployRequestDto;
    expect(body).toMatchObject({ status: "rejected", environment: "frozen", approvals: [] });
    expect(body.reasons.find((reason) => reason.rule === "frozen")?.effect).toBe("deny");
  });

  it("approves break-glass with a reason, flagged", async () => {
    const body = (await requestDeploy({ environment: "frozen", breakGlassReason: "incident 4711: hotfix" })).json as TDeployRequestDto;
    expect(body).toMatchObject({ status: "approved", breakGlass: true, breakGlassReason: "incident 4711: hotfix" });
  });

  it("honours Idempotency-Key: the same body twice is one request; another body is a 409", async () => {
    const key = `idem-${Date.now()}`;
    const body = { service: "payments", environment: "staging", version: nextVersion() };
    const first = await api("/api/v1/deploy-requests", { body, headers: { "idempotency-key": key } });
    const second = await api("/api/v1/deploy-requests", { body: { ...body, environment: "STAGING" }, headers: { "idempotency-key": key } });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect((second.json as TDeployRequestDto).id).toBe((first.json as TDeployRequestDto).id);
    const conflict = await api("/api/v1/deploy-requests", { body: { ...body, version: "9.9.9" }, headers: { "idempotency-key": key } });
    expectProblem(conflict, 409, "idempotency-key-reused", /already used for a different deploy request/);
  });

  it("turns 10 concurrent identical POSTs with one Idempotency-Key into ONE request", async () => {
    const key = `concurrent-${Date.now()}`;
    const body = { service: "payments", environment: "staging", version: nextVersion() };
    const results = await Promise.all(Array.from({ length: 10 }, () => api("/api/v1/deploy-requests", { body, headers: { "idempotency-key": key } })));
    expect(results.map((result) => result.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(results.map((result) => (result.json as TDeployRequestDto).id)).size).toBe(1);
    expect(await getPrisma().deployRequest.count({ where: { idempotencyKey: key } })).toBe(1);
  });

  it("makes two requests of two POSTs without a key", async () => {
    const body = { service: "payments", environment: "dev", version: nextVersion() };
    const [a, b] = await Promise.all([api("/api/v1/deploy-requests", { body }), api("/api/v1/deploy-requests", { body })]);
    expect((a.json as TDeployRequestDto).id).not.toBe((b.json as TDeployRequestDto).id);
  });

  it("answers mistakes with problem+json 4xx, never 500", async () => {
    expectProblem(await api("/api/v1/deploy-requests", { rawBody: "{ not json" }), 400, "malformed-body", /not valid JSON/);
    expectProblem(await api("/api/v1/deploy-requests", { rawBody: "service=payments", headers: { "content-type": "application/x-www-form-urlencoded" } }), 400, "malformed-body", /JSON/);
    const missing = expectProblem(await api("/api/v1/deploy-requests", { body: { service: "payments" } }), 400, "validation-failed");
    expect(missing.detail).toMatch(/environment/);
    expect(missing.detail).toMatch(/version/);
    expectProblem(await api("/api/v1/deploy-requests", { body: { service: "payments", environment: "dev", version: "1", colour: "red" } }), 400, "validation-failed", /colour/);
    expectProblem(await requestDeploy({ service: "no-such-service" }), 422, "unknown-reference", /No service "no-such-service"/);
    expectProblem(await requestDeploy({ commit: "not-a-sha" }), 400, "validation-failed", /commit/);
    expectProblem(await requestDeploy({}, { idempotencyKey: "has spaces in it" }), 400, "validation-failed", /Idempotency-Key/);
  });

  it("requires a bearer token: missing, malformed, unknown and revoked tokens are 401", async () => {
    const missing = expectProblem(await requestDeploy({}, { token: null }), 401, "unauthenticated", /needs an API token/);
    expect(missing.detail).toContain("/settings/tokens");
    expectProblem(await requestDeploy({}, { token: "plb_this-is-not-a-real-token" }), 401, "invalid-token", /not valid/);
    const bad = await api("/api/v1/deploy-requests", { token: null, headers: { authorization: "Basic dXNlcjpwYXNz" }, body: {} });
    expectProblem(bad, 401, "unauthenticated", /Bearer/);

    const org = await upsertOrganization("default", "Gate HTTP test");
    const doomed = await createApiToken(org.id, "to-revoke");
    expect((await requestDeploy({}, { token: doomed.token })).status).toBe(201);
    // Revoked from this test process, i.e. another process than the app's: the app keeps a
    // valid token's row for at most API_TOKEN_CACHE_TTL_MS (the same process refuses at
    // once: server/identity/api-token-cache.integration.test.ts), so it refuses within that.
    await revokeApiToken(org.id, doomed.id);
    const refused = await waitFor("the app to refuse the revoked token", async () => {
      const response = await requestDeploy({}, { token: doomed.token });
      return response.status === 401 ? response : null;
    }, { timeoutMs: API_TOKEN_CACHE_TTL_MS + 5_000, intervalMs: 200 });
    expectProblem(refused, 401, "invalid-token", /revoked/);
  });

  it("keeps another organization's request ids a 404", async () => {
    const mine = (await requestDeploy({ environment: "staging" })).json as TDeployRequestDto;
    expectProblem(await api(`/api/v1/deploy-requests/${mine.id}`, { token: otherOrgToken }), 404, "not-found");
    expectProblem(await api(`/api/v1/deploy-requests/${mine.id}/events`, { token: otherOrgToken, body: { type: "started" } }), 404, "not-found");
    expectProblem(await api(`/api/v1/deploy-requests/${mine.id}/cancel`, { token: otherOrgToken, method: "POST" }), 404, "not-found");
    expectProblem(await api(`/api/v1/deploy-requests/${mine.id}/approvals/checkout`, { as: otherTenantAdmin, body: { decision: "approve" } }), 404, "not-found");
    expectProblem(await api("/api/v1/deploy-requests/00000000-0000-0000-0000-000000000000"), 404, "not-found");
    expectProblem(await api("/api/v1/deploy-requests/not-even-a-uuid"), 404, "not-found");
  });

  it("answers with the caller's X-Request-Id when it is a sane token, and makes one otherwise", async () => {
    const traced = await api("/api/v1/deploy-requests/not-even-a-uuid", { headers: { "x-request-id": "ci-run-42.step-3" } });
    expect(expectProblem(traced, 404, "not-found").requestId).toBe("ci-run-42.step-3");
    const hostile = await api("/api/v1/deploy-requests/not-even-a-uuid", { headers: { "x-request-id": "<img src=x>" } });
    expect(expectProblem(hostile, 404, "not-found").requestId).toMatch(/^[0-9a-f-]{36}$/);
    const ok = await api("/api/v1/services", { headers: { "x-request-id": "ci-run-42.step-4" } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-request-id")).toBe("ci-run-42.step-4");
  });

  it("rate-limits each token (429 with Retry-After)", async () => {
    const org = await upsertOrganization("default", "Gate HTTP test");
    const busy = await createApiToken(org.id, "busy-ci");
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof api>> | null = null;
    for (let i = 0; i < 70 && limited === null; i++) {
      const result = await api("/api/v1/deploy-requests?limit=1", { token: busy.token });
      statuses.push(result.status);
      if (result.status === 429) limited = result;
    }
    expect(statuses.slice(0, 60).every((status) => status === 200)).toBe(true);
    expect(limited).not.toBeNull();
    if (limited) {
      expectProblem(limited, 429, "rate-limited", /retry after/);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    }
    // Other tokens are not affected.
    expect((await api("/api/v1/deploy-requests?limit=1")).status).toBe(200);
  });
});

describe("GET /api/v1/deploy-requests/{id}?wait=N (long-poll)", () => {
  // The long-polls below wait 60 s on the server, the tests have 30 s: an answer inside
  // the test's time can only come from the event (approval, expiry) waking the server.
  // In-process, server/gate/deploy-gate.integration.test.ts proves the same on a clock it holds.
  it("answers a long-poll with an approval given while it waits, before its wait is over", async () => {
    const pending = (await requestDeploy({ environment: "staging" })).json as TDeployRequestDto;
    let answered = false;
    const waiting = api(`/api/v1/deploy-requests/${pending.id}?wait=60`).finally(() => (answered = true));
    // sleep: the app is another process, so nothing here can see its GET arrive; give it time to
    // be asleep in the server, so the approval exercises the wake-up (late, it still reads the approval).
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(answered).toBe(false);
    const decided = await api(`/api/v1/deploy-requests/${pending.id}/approvals/checkout`, { as: priya, body: { decision: "approve", comment: "go" } });
    expect(decided.status).toBe(200);
    const result = await waiting;
    expect((result.json as TDeployRequestDto).status).toBe("approved");
    expect((result.json as TDeployRequestDto).approvals[0]).toMatchObject({ status: "approved", decidedBy: "Priya Raman", channel: "api", comment: "go" });
  }, 30_000);

  it("answers a second decision on the same approval with 409 and who decided", async () => {
    const pending = (await requestDeploy({ environment: "staging" })).json as TDeployRequestDto;
    const url = `/api/v1/deploy-requests/${pending.id}/approvals/checkout`;
    const rejected = await api(url, { as: priya, body: { decision: "reject", comment: "checkout is burning budget" } });
    expect((rejected.json as TDeployRequestDto).status).toBe("rejected");
    const again = expectProblem(await api(url, { as: priya, body: { decision: "approve" } }), 409, "conflict", /already rejected, by Priya Raman/);
    expect(again).toMatchObject({ decidedBy: "Priya Raman" });
    expectProblem(await api(url, { as: hana, body: { decision: "approve" } }), 409, "conflict");
  });

  it("refuses a decision from someone who is not an owner of the asked team, and from API tokens (403)", async () => {
    const pending = (await requestDeploy({ environment: "staging" })).json as TDeployRequestDto;
    const url = `/api/v1/deploy-requests/${pending.id}/approvals/checkout`;
    expectProblem(await api(url, { as: jane, body: { decision: "approve" } }), 403, "forbidden", /not a member of Checkout/);
    expectProblem(await api(url, { as: hana, body: { decision: "approve" } }), 403, "forbidden", /not one of its owners/);
    expectProblem(await api(url, { body: { decision: "approve" } }), 403, "forbidden", /API tokens cannot approve/);
    // The old way of naming someone else is not accepted any more.
    expectProblem(await api(url, { as: hana, body: { decision: "approve", person: "priya.raman" } }), 400, "validation-failed");
  });

  it("holds a long-poll for its wait and then answers pending, and validates wait", async () => {
    const pending = (await requestDeploy({ environment: "staging" })).json as TDeployRequestDto;
    let answered = false;
    const waiting = api(`/api/v1/deploy-requests/${pending.id}?wait=2`).finally(() => (answered = true));
    // sleep: the server's 2 s wait cannot end before this 1 s timer is due (same clock, and a due
    // timer runs before the response's I/O is read), so still no answer proves it holds the request.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(answered).toBe(false);
    expect(((await waiting).json as TDeployRequestDto).status).toBe("pending");
    expectProblem(await api(`/api/v1/deploy-requests/${pending.id}?wait=61`), 400, "validation-failed", /at most 60/);
    expectProblem(await api(`/api/v1/deploy-requests/${pending.id}?wait=soon`), 400, "validation-failed");
  });

  it("reads `expired` the moment the expiry passes, waking a long-poll", async () => {
    const pending = (await requestDeploy({ environment: "staging" })).json as TDeployRequestDto;
    await getPrisma().deployRequest.update({ where: { id: pending.id }, data: { expiresAt: new Date(Date.now() + 1_500) } });
    const result = await api(`/api/v1/deploy-requests/${pending.id}?wait=60`);
    const body = result.json as TDeployRequestDto;
    expect(body.status).toBe("expired");
    expect(body.approvals.map((approval) => approval.status)).toEqual(["expired"]);
    const list = (await api("/api/v1/deploy-requests?status=expired")).json as { deployRequests: { id: string }[] };
    expect(list.deployRequests.map((entry) => entry.id)).toContain(pending.id);
  }, 30_000);

  it("is expired by the worker when nobody reads it", async () => {
    const pending = (await requestDeploy({ environment: "staging" })).json as TDeployRequestDto;
    await getPrisma().deployRequest.update({ where: { id: pending.id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    const read = async () => (await getPrisma().deployRequest.findUniqueOrThrow({ where: { id: pending.id } })).status;
    await waitFor("the worker to expire it", async () => (await read()) !== "pending", { timeoutMs: 40_000, intervalMs: 200 });
    expect(await read()).toBe("expired");
  }, 60_000);
});

describe("CI outcome, cancel and listing", () => {
  it("records started / succeeded, refuses outcomes for requests that were not approved, and cancels", async () => {
    const approved = (await requestDeploy({})).json as TDeployRequestDto;
    expect((await api(`/api/v1/deploy-requests/${approved.id}/events`, { body: { type: "started" } })).status).toBe(200);
    const deployed = await api(`/api/v1/deploy-requests/${approved.id}/events`, { body: { type: "succeeded", message: "12/12 pods" } });
    expect((deployed.json as TDeployRequestDto).status).toBe("deployed");
    expectProblem(await api(`/api/v1/deploy-requests/${approved.id}/events`, { body: { type: "exploded" } }), 400, "validation-failed", /type must be one of/);
    expectProblem(await api(`/api/v1/deploy-requests/${approved.id}/events`, { body: { type: "started" }, token: null }), 401, "unauthenticated");

    const pending = (await requestDeploy({ environment: "staging" })).json as TDeployRequestDto;
    expectProblem(await api(`/api/v1/deploy-requests/${pending.id}/events`, { body: { type: "succeeded" } }), 409, "conflict", /pending, not approved/);
    const cancelled = await api(`/api/v1/deploy-requests/${pending.id}/cancel`, { body: { reason: "superseded by 1.0.99" } });
    expect((cancelled.json as TDeployRequestDto).status).toBe("cancelled");
    expect((await api(`/api/v1/deploy-requests/${pending.id}/cancel`, { method: "POST" })).status).toBe(200);
    expectProblem(await api(`/api/v1/deploy-requests/${approved.id}/cancel`, { method: "POST" }), 409, "conflict", /already deployed/);
  });

  it("lists newest first with filters, for a signed-in browser session too", async () => {
    const list = await api("/api/v1/deploy-requests?service=payments&status=pending", { token: null });
    expect(list.status).toBe(200);
    const entries = (list.json as { deployRequests: { status: string; createdAt: string; service: { slug: string } }[] }).deployRequests;
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((entry) => entry.status === "pending" && entry.service.slug === "payments")).toBe(true);
    const times = entries.map((entry) => Date.parse(entry.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const byTeam = (await api("/api/v1/deploy-requests?team=checkout", { token: null })).json as { deployRequests: unknown[] };
    expect(byTeam.deployRequests.length).toBeGreaterThan(0);
    expectProblem(await api("/api/v1/deploy-requests?status=maybe"), 400, "validation-failed");
  });

  it("serves the pages", async () => {
    const any = (await requestDeploy({ environment: "staging" })).json as TDeployRequestDto;
    for (const page of ["/deploys", `/deploys/${any.id}`, "/policies", "/settings/tokens"]) {
      const response = await fetch(`${app.url}${page}`, { headers: { cookie: adminCookie }, redirect: "manual" });
      expect(response.status, page).toBe(200);
    }
    // Anonymous visitors are sent to sign in.
    const anonymous = await fetch(`${app.url}/deploys`, { redirect: "manual" });
    expect(anonymous.status).toBe(307);
    expect(anonymous.headers.get("location")).toContain("/sign-in");
    expect((await fetch(`${app.url}/deploys/00000000-0000-0000-0000-000000000000`, { headers: { cookie: adminCookie } })).status).toBe(404);
  });
});

describe("policies over HTTP", () => {
  it("loaded PLUMBLINE_POLICIES on start", async () => {
    const policy = (await api("/api/v1/policies", { token: null })).json as { yaml: string; source: string; managedByFile: string | null };
    expect(policy).toMatchObject({ yaml: GATE_TEST_POLICY_YAML, source: "file" });
    expect(policy.managedByFile).toContain("policies.yaml");
  });

  it("refuses YAML with an error, naming the rule, and keeps the policies in force", async () => {
    const broken = `${GATE_TEST_POLICY_YAML}  - name: weekend-freeze\n    type: freeze_window\n    timezone: Mars/Olympus\n    recurring: [{ days: [sat], from: "00:00", to: "24:00" }]\n`;
    const problem = expectProblem(await api("/api/v1/policies", { method: "PUT", token: null, body: { yaml: broken } }), 400, "validation-failed", /weekend-freeze/);
    expect(problem.errors).toEqual([expect.objectContaining({ rule: "weekend-freeze", field: "timezone" })]);
    expectProblem(await api("/api/v1/policies", { method: "PUT", token: null, body: { yaml: "rules: [\n" } }), 400, "validation-failed", /YAML syntax error/);
    expectProblem(await api("/api/v1/policies", { method: "PUT", body: { yaml: GATE_TEST_POLICY_YAML } }), 403, "forbidden", /API tokens cannot change/);
    const current = (await api("/api/v1/policies", { token: null })).json as { yaml: string };
    expect(current.yaml).toBe(GATE_TEST_POLICY_YAML);
    // And the gate still decides by it.
    expect(((await requestDeploy({ environment: "frozen" })).json as TDeployRequestDto).status).toBe("rejected");
  });
});

describe("the standalone client at /cli/plumbline-gate.mjs", () => {
  it("is served publicly as JavaScript, byte-identical to the built file, and runs alone", async () => {
    const response = await fetch(`${app.url}/cli/plumbline-gate.mjs`, { redirect: "manual" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    const served = Buffer.from(await response.arrayBuffer());
    expect(served.equals(fs.readFileSync(GATE_CLIENT_FILE))).toBe(true);
    // The copy the standalone tests run was downloaded from there too (beforeAll), and is alone.
    expect(fs.readdirSync(standaloneDir)).toEqual(["plumbline-gate.mjs"]);
    expect(fs.readFileSync(path.join(standaloneDir, "plumbline-gate.mjs")).equals(served)).toBe(true);
  });
});

describe.each([
  { name: "plumbline gate (CLI as a child process)", runGate: runCli },
  { name: "plumbline-gate (the standalone client, alone in an empty directory)", runGate: runStandalone },
])("$name", ({ runGate }) => {
  /** The request a running CLI created, once it exists. */
  const findRequestByKey = (key: string) =>
    waitFor(`the CLI's request (${key})`, async () => (await getPrisma().deployRequest.findFirst({ where: { idempotencyKey: key }, select: { id: true } }))?.id, { timeoutMs: 20_000, intervalMs: 100 });

  const args = (environment: string) => ["--service", "payments", "--env", environment, "--version", nextVersion(), "--wait", "20s"];

  it("exits 0 when approved", async () => {
    const run = await runGate(args("dev"));
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain("Decision: APPROVED");
    expect(run.stdout).toContain("/deploys/");
  });

  it("exits 2 when rejected, printing the reasons", async () => {
    const run = await runGate(args("frozen"));
    expect(run.code, run.stdout + run.stderr).toBe(2);
    expect(run.stdout).toContain("REJECTED");
    expect(run.stdout).toContain("[frozen]");
  });

  it("exits 3 when still pending after --wait", async () => {
    const run = await runGate([...args("staging").slice(0, -1), "2s"]);
    expect(run.code, run.stdout + run.stderr).toBe(3);
    expect(run.stdout).toContain("Still pending");
    expect(run.stdout).toContain("--idempotency-key");
  });

  it("waits while pending and exits 0 soon after the owner approves", async () => {
    const key = `cli-${Date.now()}`;
    const versionText = nextVersion();
    const running = runGate(["--service", "payments", "--env", "staging", "--version", versionText, "--wait", "60s", "--idempotency-key", key]);
    const id = await findRequestByKey(key);
    // sleep: the CLI is another process; give it time to be inside its long-poll, so the approval wakes it.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await api(`/api/v1/deploy-requests/${id}/approvals/checkout`, { as: priya, body: { decision: "approve" } });
    const run = await running;
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain("APPROVED by Priya Raman (Checkout)");
    // No clock: the CLI's long-poll waits 30 s on the server, this test has 25 s; only the approval can have ended it.
  }, 25_000);

  it("exits 2 when the request expires while it waits", async () => {
    const key = `cli-expire-${Date.now()}`;
    const running = runGate(["--service", "payments", "--env", "staging", "--version", nextVersion(), "--wait", "60s", "--idempotency-key", key]);
    const id = await findRequestByKey(key);
    await getPrisma().deployRequest.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1) } });
    const run = await running;
    expect(run.code, run.stdout + run.stderr).toBe(2);
    expect(run.stdout).toContain("EXPIRED");
  });

  it("writes the outcome as JSON to --result-file, for later CI steps", async () => {
    const file = path.join(tmp, `result-${nextVersion()}.json`);
    const approved = await runGate([...args("dev"), "--result-file", file]);
    expect(approved.code).toBe(0);
    const result = JSON.parse(fs.readFileSync(file, "utf8")) as { decision: string; status: string; url: string; id: string; reasons: unknown[] };
    expect(result).toMatchObject({ decision: "approved", status: "approved", exitCode: 0, error: null });
    expect(result.url).toBe(`${app.url}/deploys/${result.id}`);
    expect(result.reasons.length).toBeGreaterThan(0);
    expect((await runGate([...args("frozen"), "--result-file", file])).code).toBe(2);
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toMatchObject({ decision: "rejected", status: "rejected", reasons: expect.arrayContaining([expect.objectContaining({ rule: "frozen" })]) });
    expect((await runGate(["--service", "ghost", "--env", "dev", "--version", "1", "--result-file", file])).code).toBe(1);
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toMatchObject({ decision: "error", status: null, error: expect.stringContaining('No service "ghost"') });
  });

  it("exits 1 on bad arguments, a bad token, an unknown service, or no server", async () => {
    const badArgs = await runGate(["--service", "payments"]);
    expect(badArgs.code).toBe(1);
    expect(badArgs.stderr).toContain("--env is required");

    const badToken = await runGate(args("dev"), { PLUMBLINE_TOKEN: "plb_not-a-valid-token-at-all" });
    expect(badToken.code).toBe(1);
    expect(badToken.stderr).toMatch(/401 Unauthorized: This API token is not valid/);

    const unknown = await runGate(["--service", "ghost", "--env", "dev", "--version", "1"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No service "ghost"');

    const noToken = await runGate(args("dev"), { PLUMBLINE_TOKEN: "" });
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain("set PLUMBLINE_TOKEN");

    const noServer = await runGate([...args("dev"), "--url", "http://127.0.0.1:9"]);
    expect(noServer.code).toBe(1);
    expect(noServer.stderr).toContain("Cannot reach Plumbline");
  }, 60_000);
});

describe("the GitHub Action (integrations/github/action: action.yml's steps run as GitHub's runner would)", () => {
  const ACTION_DIR = path.join(process.cwd(), "integrations", "github", "action");
  const github = { GITHUB_SHA: "9f2c1ab4e5d6c7b8a9f0e1d2c3b4a5f6e7d8c9b0", GITHUB_ACTOR: "octocat", GITHUB_SERVER_URL: "https://github.com", GITHUB_REPOSITORY: "acme/payments", GITHUB_RUN_ID: "42" };
  const inputs = (environment: string, extra: Record<string, string> = {}) => ({ service: "payments", environment, version: nextVersion(), url: app.url, token: integrationsToken, ...extra });

  it("approved: passes, with the decision and the request's link as outputs and a job summary", async () => {
    const run = await runCompositeAction(ACTION_DIR, inputs("dev"), github);
    expect(run.code, run.log).toBe(0);
    expect(run.outputs).toMatchObject({ decision: "approved", status: "approved" });
    const id = run.outputs["deploy-request-id"] ?? "";
    expect(run.outputs["deploy-request-url"]).toBe(`${app.url}/deploys/${id}`);
    expect(run.summary).toContain("✅ Approved");
    expect(run.summary).toContain(`[deploy request](${app.url}/deploys/${id})`);
    expect(run.log).toContain("Decision: APPROVED");
    // What GitHub says about the run reaches the request.
    const request = (await api(`/api/v1/deploy-requests/${id}`, { token: integrationsToken })).json as TDeployRequestDto;
    expect(request).toMatchObject({ commit: github.GITHUB_SHA, requestedBy: "octocat", ciUrl: "https://github.com/acme/payments/actions/runs/42" });
  });

  it("rejected: fails the step (2), decision rejected, the reasons in the summary", async () => {
    const run = await runCompositeAction(ACTION_DIR, inputs("frozen"), github);
    expect(run.code, run.log).toBe(2);
    expect(run.outputs).toMatchObject({ decision: "rejected", status: "rejected" });
    expect(run.outputs["deploy-request-url"]).toContain("/deploys/");
    expect(run.summary).toContain("⛔ Not approved");
    expect(run.summary).toMatch(/\| frozen \| deny \|/);
  });

  it("still pending when its wait runs out: 3, decision pending, the asked team in the summary", async () => {
    const run = await runCompositeAction(ACTION_DIR, inputs("staging", { wait: "2s" }), github);
    expect(run.code, run.log).toBe(3);
    expect(run.outputs).toMatchObject({ decision: "pending", status: "pending" });
    expect(run.summary).toMatch(/\| Checkout \| pending \|/);
  });

  it("error (a bad token): 1, decision error, the problem in the summary, no request", async () => {
    const run = await runCompositeAction(ACTION_DIR, inputs("dev", { token: "plb_not-a-valid-token-at-all" }), github);
    expect(run.code, run.log).toBe(1);
    expect(run.outputs).toEqual({ decision: "error", status: "", "deploy-request-url": "", "deploy-request-id": "" });
    expect(run.summary).toContain("⚠️ The gate could not be asked");
    expect(run.summary).toContain("This API token is not valid");
  });
});

describe("the GitLab CI template (integrations/gitlab: .plumbline-gate's script run as a job would)", () => {
  const TEMPLATE = path.join(process.cwd(), "integrations", "gitlab", "plumbline-gate.gitlab-ci.yml");

  /** The hidden job's script in an empty directory with its variables (overridden as a job that extends it would), PLUMBLINE_URL and the token. */
  async function runJob(variables: Record<string, string>): Promise<TRun & { result: { decision: string; status: string | null; url: string | null } | null }> {
    const job = (YAML.parse(fs.readFileSync(TEMPLATE, "utf8")) as Record<string, { variables: Record<string, string>; script: string[]; artifacts: { paths: string[] } }>)[".plumbline-gate"];
    if (!job) throw new Error("the template has no .plumbline-gate job");
    expect(job.artifacts.paths).toEqual(["plumbline-gate.json"]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plumbline-gitlab-job-"));
    try {
      const env: NodeJS.ProcessEnv = { NODE_ENV: "production", PATH: childProcessEnv().PATH ?? "/usr/bin:/bin", ...job.variables, PLUMBLINE_URL: `${app.url}/`, PLUMBLINE_TOKEN: integrationsToken, ...variables };
      const run = await execNode("sh", ["-ec", job.script.join("\n")], { cwd: dir, env });
      const resultFile = path.join(dir, "plumbline-gate.json");
      const result = fs.existsSync(resultFile) ? (JSON.parse(fs.readFileSync(resultFile, "utf8")) as { decision: string; status: string | null; url: string | null }) : null;
      return { ...run, result };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const job = (environment: string, extra: Record<string, string> = {}) => ({ PLUMBLINE_SERVICE: "payments", PLUMBLINE_ENVIRONMENT: environment, PLUMBLINE_VERSION: nextVersion(), ...extra });

  it("downloads the served client and exits 0 when approved, keeping the outcome as its artifact", async () => {
    const run = await runJob(job("dev"));
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.result).toMatchObject({ decision: "approved", status: "approved", url: expect.stringContaining("/deploys/") });
  });

  it("fails the job when rejected (2) or still pending after PLUMBLINE_WAIT (3)", async () => {
    const rejected = await runJob(job("frozen"));
    expect(rejected.code, rejected.stdout + rejected.stderr).toBe(2);
    expect(rejected.result).toMatchObject({ decision: "rejected" });
    const pending = await runJob(job("staging", { PLUMBLINE_WAIT: "2s" }));
    expect(pending.code, pending.stdout + pending.stderr).toBe(3);
    expect(pending.result).toMatchObject({ decision: "pending" });
  });

  it("fails with 1 and says so when the server cannot be reached", async () => {
    const run = await runJob({ ...job("dev"), PLUMBLINE_URL: "http://127.0.0.1:9" });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Cannot download the gate client");
  });
});

describe("Argo Rollouts: POST /api/v1/deploy-requests/analysis, measured as the web metric provider does", () => {
  // integrations/argo/plumbline-gate-analysis-template.yaml's metric, read field by field as the
  // provider reads it: method, url, headers, body, timeoutSeconds, jsonPath, then
  // successCondition / failureCondition on `result`.
  interface TWebMetric {
    successCondition: string;
    failureCondition: string;
    provider: { web: { method: string; url: string; timeoutSeconds: number; headers: { key: string; value: string }[]; body: string; jsonPath: string } };
  }
  const template = YAML.parse(fs.readFileSync(path.join(process.cwd(), "integrations", "argo", "plumbline-gate-analysis-template.yaml"), "utf8")) as { spec: { args: { name: string }[]; metrics: TWebMetric[] } };
  const metric = template.spec.metrics[0];
  if (!metric) throw new Error("the template has no metric");
  const web = metric.provider.web;

  /** `result.a.b == "literal"`, the only form the template uses. */
  function condition(expression: string, result: unknown): boolean {
    const match = /^result((?:\.\w+)*) == "([^"]*)"$/.exec(expression.trim());
    if (!match) throw new Error(`unsupported condition ${expression}`);
    let value: unknown = result;
    for (const key of (match[1] ?? "").split(".").filter(Boolean)) value = value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
    return value === match[2];
  }
  /** `{$}` or `{$.a.b}`. */
  function jsonPath(expression: string, body: unknown): unknown {
    const match = /^\{\$((?:\.\w+)*)\}$/.exec(expression);
    if (!match) throw new Error(`unsupported jsonPath ${expression}`);
    let value = body;
    for (const key of (match[1] ?? "").split(".").filter(Boolean)) value = value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
    return value;
  }

  const revisionArgs = (environment: string) => ({ service: "payments", environment, version: nextVersion(), revision: `rs-${nextVersion()}`, "plumbline-url": app.url, "plumbline-token": integrationsToken });

  /** One measurement. `wait` shortens the template's long-poll for the pending probes (the template waits 50 s). */
  async function measure(args: Record<string, string>, options: { wait?: number; omitHeader?: string } = {}) {
    const resolve = (text: string) =>
      text.replace(/\{\{\s*args\.([\w-]+)\s*\}\}/g, (_, name: string) => {
        const value = args[name];
        if (value === undefined) throw new Error(`no arg ${name}`);
        return value;
      });
    let url = resolve(web.url);
    if (options.wait !== undefined) url = url.replace(/wait=\d+/, `wait=${options.wait}`);
    const headers = Object.fromEntries(web.headers.filter((header) => header.key !== options.omitHeader).map((header) => [header.key, resolve(header.value)]));
    const response = await fetch(url, { method: web.method, headers, body: resolve(web.body), signal: AbortSignal.timeout(web.timeoutSeconds * 1000) });
    const body: unknown = await response.json();
    if (!response.ok) return { phase: "Error" as const, status: response.status, body, result: null };
    const result = jsonPath(web.jsonPath, body);
    // Argo: failure first, then success; both conditions set and neither true → Inconclusive.
    const phase = condition(metric!.failureCondition, result) ? "Failed" : condition(metric!.successCondition, result) ? "Successful" : "Inconclusive";
    return { phase, status: response.status, body, result: result as { decision: string; id: string; url: string; reasons: { rule: string }[] } };
  }

  it("declares what the recipe promises: POST, token, Idempotency-Key per revision, decision conditions", () => {
    expect(web.method).toBe("POST");
    expect(web.url).toContain("/api/v1/deploy-requests/analysis?wait=");
    expect(web.headers.map((header) => header.key)).toEqual(["Authorization", "Content-Type", "Idempotency-Key"]);
    expect(web.headers.find((header) => header.key === "Idempotency-Key")?.value).toContain("{{ args.revision }}");
    expect(Number(/wait=(\d+)/.exec(web.url)?.[1])).toBeLessThan(web.timeoutSeconds);
    expect(metric.successCondition).toBe('result.decision == "approved"');
    expect(metric.failureCondition).toBe('result.decision == "rejected"');
  });

  it("approved → Successful", async () => {
    const measured = await measure(revisionArgs("dev"));
    expect(measured.phase).toBe("Successful");
    expect(measured.result).toMatchObject({ decision: "approved", status: "approved", url: expect.stringContaining(`${app.url}/deploys/`) });
  });

  it("rejected → Failed, with the reasons", async () => {
    const measured = await measure(revisionArgs("frozen"));
    expect(measured.phase).toBe("Failed");
    expect(measured.result?.reasons.map((reason) => reason.rule)).toContain("frozen");
  });

  it("pending → Inconclusive (the rollout pauses); measured again it reads the same request, Successful once the owner approved", async () => {
    const args = revisionArgs("staging");
    const first = await measure(args, { wait: 1 });
    expect(first.phase).toBe("Inconclusive");
    expect(first.result).toMatchObject({ decision: "pending", status: "pending" });
    const again = await measure(args, { wait: 0 });
    expect(again.result?.id).toBe(first.result?.id);
    expect((await api(`/api/v1/deploy-requests/${first.result?.id}/approvals/checkout`, { as: priya, body: { decision: "approve" } })).status).toBe(200);
    const approved = await measure(args, { wait: 0 });
    expect(approved.phase).toBe("Successful");
    expect(approved.result?.id).toBe(first.result?.id);
  });

  it("answers a waiting measurement as soon as the owner decides", async () => {
    const args = revisionArgs("staging");
    const { id } = (await measure(args, { wait: 0 })).result ?? { id: "" };
    const waiting = measure(args, { wait: 30 });
    // sleep: the app is another process; give the measurement time to be inside its long-poll, so the rejection wakes it.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await api(`/api/v1/deploy-requests/${id}/approvals/checkout`, { as: priya, body: { decision: "reject", comment: "not now" } });
    expect((await waiting).phase).toBe("Failed");
  }, 25_000);

  it("is an Error measurement without a token, or without an Idempotency-Key (400)", async () => {
    const anonymous = await measure(revisionArgs("dev"), { omitHeader: "Authorization" });
    expect(anonymous).toMatchObject({ phase: "Error", status: 401 });
    const keyless = await measure(revisionArgs("dev"), { omitHeader: "Idempotency-Key" });
    expect(keyless).toMatchObject({ phase: "Error", status: 400, body: { code: "validation-failed", detail: expect.stringContaining("Idempotency-Key header is required") } });
  });
});

describe("Argo CD: the PreSync hook Job (integrations/argo/plumbline-gate-presync-job.yaml: its container's command run as the pod would)", () => {
  interface TJob {
    metadata: { annotations: Record<string, string> };
    spec: { template: { spec: { containers: { command: string[]; args: string[]; env: { name: string; value?: string; valueFrom?: unknown }[] }[] } } };
  }
  const job = YAML.parse(fs.readFileSync(path.join(process.cwd(), "integrations", "argo", "plumbline-gate-presync-job.yaml"), "utf8")) as TJob;
  const container = job.spec.template.spec.containers[0];
  if (!container) throw new Error("the Job has no container");

  async function runPod(values: Record<string, string>): Promise<TRun> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plumbline-presync-"));
    try {
      const env: NodeJS.ProcessEnv = { NODE_ENV: "production", PATH: childProcessEnv().PATH ?? "/usr/bin:/bin" };
      for (const variable of container!.env) env[variable.name] = variable.name === "PLUMBLINE_TOKEN" ? integrationsToken : (variable.value ?? "");
      Object.assign(env, { PLUMBLINE_URL: app.url }, values);
      const [file = "sh", ...commandArgs] = container!.command;
      return await execNode(file, [...commandArgs, ...container!.args], { cwd: dir, env });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it("is a PreSync hook whose token comes from a Secret", () => {
    expect(job.metadata.annotations["argocd.argoproj.io/hook"]).toBe("PreSync");
    expect(container.env.find((variable) => variable.name === "PLUMBLINE_TOKEN")?.valueFrom).toEqual({ secretKeyRef: { name: "plumbline-gate", key: "token" } });
  });

  it("succeeds when approved and fails (2) when rejected, so Argo CD syncs only approved deploys", async () => {
    const approved = await runPod({ PLUMBLINE_ENVIRONMENT: "dev", PLUMBLINE_VERSION: nextVersion(), PLUMBLINE_WAIT: "10s" });
    expect(approved.code, approved.stdout + approved.stderr).toBe(0);
    expect(approved.stdout).toContain("APPROVED");
    const rejected = await runPod({ PLUMBLINE_ENVIRONMENT: "frozen", PLUMBLINE_VERSION: nextVersion(), PLUMBLINE_WAIT: "10s" });
    expect(rejected.code, rejected.stdout + rejected.stderr).toBe(2);
  });
});
