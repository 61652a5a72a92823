import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { childProcessEnv } from "@/server/config/get-config.ts";
import { closeHandle, setDbHandle } from "@/server/db/client.ts";
import { openTestPGliteDirectory } from "@/server/testing/test-databases.ts";
import { writeGateTestFiles } from "@/server/testing/gate-test-catalog.ts";
import { startTestApp, type TTestApp } from "@/server/testing/start-test-app.ts";
import { waitFor } from "@/server/testing/wait-for.ts";
import { createApiToken } from "@/server/identity/api-tokens.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import type { TDeployRequestDto, TDeployRequestSummary } from "./gate.schemas.ts";

// The deploy gate over HTTP on the embedded database (PGlite: one process, one
// connection), where it matters: concurrent idempotent POSTs on a single connection,
// and long-polls woken by the in-process notifier (no LISTEN/NOTIFY there).

let app: TTestApp;
let token: string;
let otherOrgToken: string;
// Priya (owner of checkout in the test catalog) is the app's local admin here, signed in over HTTP.
const PRIYA = { email: "priya.raman@gate.test", password: "priya-embedded-password" };
let priyaCookie: string;

/** A decision by the signed-in owner (browser session, same origin). */
async function decide(pathname: string, body: unknown) {
  const response = await fetch(`${app.url}${pathname}`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: priyaCookie, origin: app.url },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as unknown };
}
let tmp: string;
let version = 0;
const nextVersion = () => `2.0.${(version += 1)}`;

async function post(pathname: string, body: unknown, headers: Record<string, string> = {}, bearer: string = token) {
  const response = await fetch(`${app.url}${pathname}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${bearer}`, ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as unknown };
}

async function get(pathname: string, bearer: string = token) {
  const response = await fetch(`${app.url}${pathname}`, { headers: { authorization: `Bearer ${bearer}` } });
  return { status: response.status, contentType: response.headers.get("content-type"), json: (await response.json()) as unknown };
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plumbline-gate-embedded-"));
  const dataDir = path.join(tmp, "pglite");
  // Only one process may open a PGlite directory: prepare it (schema, tenants, tokens), close it, then start the app on it.
  const handle = await openTestPGliteDirectory(dataDir);
  setDbHandle(handle);
  const org = await upsertOrganization("default", "Embedded gate test");
  const other = await upsertOrganization("other-tenant", "Other tenant");
  token = (await createApiToken(org.id, "ci")).token;
  otherOrgToken = (await createApiToken(other.id, "other-ci")).token;
  await closeHandle(handle);
  const { catalogDir, policyFile } = writeGateTestFiles(tmp);
  app = await startTestApp({
    DATABASE_URL: "",
    PLUMBLINE_DATA_DIR: dataDir,
    PLUMBLINE_CATALOG: catalogDir,
    PLUMBLINE_POLICIES: policyFile,
    PLUMBLINE_ADMIN_EMAIL: PRIYA.email,
    PLUMBLINE_ADMIN_PASSWORD: PRIYA.password,
  });
  const signIn = await fetch(`${app.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: app.url },
    body: JSON.stringify(PRIYA),
  });
  priyaCookie = signIn.headers.getSetCookie().map((header) => header.split(";")[0]).join("; ");
}, 360_000);

afterAll(async () => {
  await app?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe("deploy gate on the embedded database (PGlite, over HTTP)", () => {
  it("decides approved, pending and rejected by policy", async () => {
    const outcomes: Record<string, string> = {};
    for (const environment of ["dev", "staging", "frozen"]) {
      const result = await post("/api/v1/deploy-requests", { service: "payments", environment, version: nextVersion() });
      expect(result.status).toBe(201);
      outcomes[environment] = (result.json as TDeployRequestDto).status;
    }
    expect(outcomes).toEqual({ dev: "approved", staging: "pending", frozen: "rejected" });
  });

  it("turns 10 concurrent identical POSTs with one Idempotency-Key into one request", async () => {
    const key = `embedded-${Date.now()}`;
    const body = { service: "payments", environment: "staging", version: nextVersion() };
    const results = await Promise.all(Array.from({ length: 10 }, () => post("/api/v1/deploy-requests", body, { "idempotency-key": key })));
    expect(results.map((result) => result.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(results.map((result) => (result.json as TDeployRequestDto).id)).size).toBe(1);
    const list = (await get("/api/v1/deploy-requests?service=payments&limit=200")).json as { deployRequests: TDeployRequestSummary[] };
    expect(list.deployRequests.filter((entry) => entry.version === body.version)).toHaveLength(1);
  });

  // The long-poll waits 60 s on the server, the test has 30 s: answering inside the
  // test's time proves the approval woke it (the in-process notifier), with no clock read.
  it("wakes a long-poll when the owner approves (in-process notifier)", async () => {
    const pending = (await post("/api/v1/deploy-requests", { service: "payments", environment: "staging", version: nextVersion() })).json as TDeployRequestDto;
    let answered = false;
    const waiting = get(`/api/v1/deploy-requests/${pending.id}?wait=60`).finally(() => (answered = true));
    // sleep: the app is another process, so nothing here can see its GET arrive; give it time to
    // be asleep in the server, so the approval exercises the wake-up (late, it still reads the approval).
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(answered).toBe(false);
    const approved = await decide(`/api/v1/deploy-requests/${pending.id}/approvals/checkout`, { decision: "approve" });
    expect(approved.status).toBe(200);
    expect(((await waiting).json as TDeployRequestDto).status).toBe("approved");
  }, 30_000);

  it("keeps tenants apart and answers problem+json", async () => {
    const pending = (await post("/api/v1/deploy-requests", { service: "payments", environment: "staging", version: nextVersion() })).json as TDeployRequestDto;
    const foreign = await get(`/api/v1/deploy-requests/${pending.id}`, otherOrgToken);
    expect(foreign.status).toBe(404);
    expect(foreign.contentType).toContain("application/problem+json");
    expect(foreign.json).toMatchObject({ code: "not-found", type: "https://plumbline.dev/problems/not-found" });
    const unknown = await post("/api/v1/deploy-requests", { service: "ghost", environment: "dev", version: "1" });
    expect(unknown.status).toBe(422);
    expect(unknown.json).toMatchObject({ code: "unknown-reference" });
  });

  it("runs `plumbline gate` to approval against the embedded app (exit 0)", async () => {
    const key = `embedded-cli-${Date.now()}`;
    const cliVersion = nextVersion();
    const running = new Promise<{ code: number; output: string }>((resolve) => {
      execFile(
        process.execPath,
        ["--import", "tsx", "cli/plumbline.ts", "gate", "--service", "payments", "--env", "staging", "--version", cliVersion, "--wait", "60s", "--url", app.url, "--idempotency-key", key],
        { env: childProcessEnv({ PLUMBLINE_TOKEN: token }), timeout: 90_000 },
        (error, stdout, stderr) => resolve({ code: error && typeof error.code === "number" ? error.code : error ? 1 : 0, output: stdout + stderr }),
      );
    });
    const id = await waitFor(
      "the CLI's request",
      async () => ((await get("/api/v1/deploy-requests?status=pending&limit=200")).json as { deployRequests: TDeployRequestSummary[] }).deployRequests.find((entry) => entry.version === cliVersion)?.id,
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    await decide(`/api/v1/deploy-requests/${id}/approvals/checkout`, { decision: "approve" });
    const run = await running;
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain("APPROVED by Priya Raman");
  });
});
