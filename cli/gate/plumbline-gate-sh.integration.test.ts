import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { GET as getServedShellClient } from "@/app/cli/plumbline-gate.sh/route.ts";
import { GET as getDeployRequest } from "@/app/api/v1/deploy-requests/[id]/route.ts";
import { POST as postDeployRequest } from "@/app/api/v1/deploy-requests/route.ts";
import { importCatalog } from "@/server/catalog/import-catalog.ts";
import { childProcessEnv } from "@/server/config/get-config.ts";
import { getPrisma } from "@/server/db/client.ts";
import { countSleepingDeployRequestWaiters } from "@/server/gate/deploy-request-notifier.ts";
import { decideApproval } from "@/server/gate/decide-approval.ts";
import { savePolicyDocument } from "@/server/gate/save-policy-document.ts";
import { createApiToken } from "@/server/identity/api-tokens.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { GATE_TEST_CATALOG, GATE_TEST_POLICY_YAML } from "@/server/testing/gate-test-catalog.ts";
import { openTestDatabase } from "@/server/testing/test-databases.ts";
import { waitFor } from "@/server/testing/wait-for.ts";

// The POSIX-shell client (packages/plumbline-gate/plumbline-gate.sh) run by dash, with curl,
// against the real deploy-request route handlers served over HTTP on loopback: each exit
// code path, the long-poll, and picking a pending request up again by its key.

const SCRIPT = path.join(process.cwd(), "packages", "plumbline-gate", "plumbline-gate.sh");

function runScript(args: string[], env: Record<string, string>, script = SCRIPT): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("/usr/bin/dash", [script, ...args], { env: childProcessEnv({ GITHUB_SHA: "", CI_COMMIT_SHA: "", GITHUB_RUN_ID: "", CI_JOB_URL: "", ...env }), timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe("plumbline-gate.sh (POSIX sh + curl) against the deploy-request API", () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: http.Server;
  let url = "";
  let token = "";
  let organizationId = "";

  beforeAll(async () => {
    db = await openTestDatabase("pglite");
    const org = await upsertOrganization("gate-sh", "Gate sh");
    organizationId = org.id;
    expect((await importCatalog(org.id, [{ file: "catalog-info.yaml", text: GATE_TEST_CATALOG }], "test")).problems).toEqual([]);
    await savePolicyDocument(org.id, GATE_TEST_POLICY_YAML, { source: "ui", actor: "test" });
    token = (await createApiToken(org.id, "sh-client")).token;
    // The two routes the client calls, as Next would call them.
    server = http.createServer((req, res) => {
      void (async () => {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const target = new URL(req.url ?? "/", url);
        const headers = new Headers(Object.entries(req.headers).flatMap(([name, value]) => (typeof value === "string" ? [[name, value] as [string, string]] : [])));
        const request = new Request(target, { method: req.method, headers, ...(chunks.length ? { body: Buffer.concat(chunks) } : {}) });
        const byId = /^\/api\/v1\/deploy-requests\/([\w-]+)$/.exec(target.pathname);
        const response =
          req.method === "POST" && target.pathname === "/api/v1/deploy-requests"
            ? await postDeployRequest(request, { params: Promise.resolve({}) })
            : req.method === "GET" && byId
              ? await getDeployRequest(request, { params: Promise.resolve({ id: byId[1] ?? "" }) })
              : new Response("not found", { status: 404 });
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      })();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 120_000);

  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await db?.close();
  });

  const env = () => ({ PLUMBLINE_URL: url, PLUMBLINE_TOKEN: token });

  it("exits 0 when approved, 2 when denied, and sends what the Node client sends", async () => {
    const approved = await runScript(["gate", "--service", "payments", "--env", "production", "--version", "1.0.0", "--commit", "abc1234", "--requested-by", "o'brien \"ci\""], env());
    expect(approved).toMatchObject({ code: 0, stdout: expect.stringContaining(": approved (") });
    const row = await getPrisma().deployRequest.findFirstOrThrow({ where: { organizationId, version: "1.0.0" } });
    expect(row).toMatchObject({ environment: "production", commit: "abc1234", requestedBy: "o'brien \"ci\"" });
    expect(approved.stdout).toContain(`/deploys/${row.id}`);

    const denied = await runScript(["--service", "payments", "--env", "frozen", "--version", "1.0.1"], env());
    expect(denied).toMatchObject({ code: 2, stdout: expect.stringContaining(": rejected (") });
  });

  it("is served at /cli/plumbline-gate.sh byte for byte, and the served copy runs alone in an empty directory", async () => {
    const response = await getServedShellClient();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("shellscript");
    const served = Buffer.from(await response.arrayBuffer());
    expect(served.equals(fs.readFileSync(SCRIPT))).toBe(true);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gate-sh-"));
    try {
      fs.writeFileSync(path.join(dir, "plumbline-gate.sh"), served);
      const result = await runScript(["--service", "payments", "--env", "production", "--version", "1.0.9"], env(), path.join(dir, "plumbline-gate.sh"));
      expect(result).toMatchObject({ code: 0, stdout: expect.stringContaining(": approved (") });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("exits 3 when still pending after --wait, then picks the same request up by its key once approved", async () => {
    const pending = await runScript(["--service", "payments", "--env", "staging", "--version", "1.1.0", "--wait", "1s"], env());
    expect(pending.code).toBe(3);
    const key = /--idempotency-key (\S+)/.exec(pending.stderr)?.[1];
    expect(key).toBeDefined();
    const row = await getPrisma().deployRequest.findFirstOrThrow({ where: { organizationId, version: "1.1.0" } });
    await decideApproval(organizationId, { deployRequestId: row.id, teamSlug: "checkout", person: "priya.raman@gate.test", decision: "approve" }, { channel: "web", baseUrl: url });
    const again = await runScript(["--service", "payments", "--env", "staging", "--version", "1.1.0", "--idempotency-key", key ?? ""], env());
    expect(again).toMatchObject({ code: 0, stdout: expect.stringContaining(`Deploy request ${row.id}: approved`) });
    expect(await getPrisma().deployRequest.count({ where: { organizationId, version: "1.1.0" } })).toBe(1);
  });

  it("long-polls while pending and exits 2 as soon as an owner rejects", async () => {
    const running = runScript(["--service", "payments", "--env", "staging", "--version", "1.2.0", "--wait", "45s"], env());
    const row = await waitFor("the request", () => getPrisma().deployRequest.findFirst({ where: { organizationId, version: "1.2.0" } }));
    await waitFor("the client long-polling", () => countSleepingDeployRequestWaiters(row.id) > 0, 30_000);
    const started = Date.now();
    await decideApproval(organizationId, { deployRequestId: row.id, teamSlug: "checkout", person: "priya.raman@gate.test", decision: "reject" }, { channel: "web", baseUrl: url });
    const result = await running;
    expect(result).toMatchObject({ code: 2, stdout: expect.stringContaining(": rejected (") });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("exits 1 with the problem's detail on a bad token, an unknown service, or missing flags", async () => {
    const badToken = await runScript(["--service", "payments", "--env", "production", "--version", "1"], { ...env(), PLUMBLINE_TOKEN: "plb_not-a-real-token-at-all" });
    expect(badToken).toMatchObject({ code: 1, stderr: expect.stringContaining("HTTP 401") });
    const unknown = await runScript(["--service", "nope", "--env", "production", "--version", "1"], env());
    expect(unknown).toMatchObject({ code: 1, stderr: expect.stringMatching(/HTTP 422 from Plumbline: .*nope/) });
    expect(await runScript(["--env", "production", "--version", "1"], env())).toMatchObject({ code: 1, stderr: expect.stringContaining("--service is required") });
    expect(await runScript(["--service", "payments", "--env", "production", "--version", "1", "--wait", "soon"], env())).toMatchObject({ code: 1, stderr: expect.stringContaining("--wait") });
    expect(await runScript(["--service", "payments", "--env", "production", "--version", "1"], { PLUMBLINE_URL: url, PLUMBLINE_TOKEN: "" })).toMatchObject({ code: 1, stderr: expect.stringContaining("set PLUMBLINE_TOKEN") });
  });
});
