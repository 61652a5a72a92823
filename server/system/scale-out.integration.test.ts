import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureProductionBuild } from "@/scripts/ensure-production-build.ts";
import { startFakeApiServer, type FakeApiServer } from "@/integrations/kubernetes/fake-api-server/fake-api-server.ts";
import { deploymentFixture, namespaceFixture, withRolloutStatus } from "@/integrations/kubernetes/fake-api-server/workload-fixtures.ts";
import { singleClusterKubeconfig } from "@/integrations/kubernetes/fake-api-server/kubeconfig-fixture.ts";
import { childProcessEnv, overrideConfig } from "@/server/config/get-config.ts";
import { parseConfig } from "@/server/config/parse-config.ts";
import { getPrisma } from "@/server/db/client.ts";
import type { TDeployRequestDto } from "@/server/gate/gate.schemas.ts";
import { createApiToken } from "@/server/identity/api-tokens.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { upsertIntegrationRow } from "@/server/integrations/integrations.repository.ts";
import { sealSecret } from "@/server/integrations/secret-box.ts";
import { writeGateTestFiles } from "@/server/testing/gate-test-catalog.ts";
import { startPlumblineProcess, type TPlumblineProcess } from "@/server/testing/start-plumbline-process.ts";
import { TEST_AUTH_SECRET } from "@/server/testing/start-test-app.ts";
import { createSignedInMember, type TTestMember } from "@/server/testing/test-accounts.ts";
import { openTestDatabase } from "@/server/testing/test-databases.ts";
import { waitFor } from "@/server/testing/wait-for.ts";
import { findAllLeases } from "./system-leases.repository.ts";

// The acceptance test of "several replicas, one truth" (DESIGN, production topology): two web
// and two worker processes on one Postgres, in demo mode (the telemetry simulator and the demo
// cluster), and a tenant-configured cluster served by the fake Kubernetes API server in this
// process, which counts the watches it serves.

const CLUSTER = "acceptance";
const NAMESPACE = "acc";
const RATE_LIMIT = 12;
const MESH_INTERVAL_SECONDS = 3;
const WATCHED_KINDS = ["Namespace", "Deployment", "StatefulSet", "ReplicaSet", "Service"] as const;

let db: Awaited<ReturnType<typeof openTestDatabase>>;
let restoreConfig: (() => void) | undefined;
let tmp: string;
let fake: FakeApiServer;
let organizationId: string;
let token: string;
let webA: TPlumblineProcess;
let webB: TPlumblineProcess;
let workers: TPlumblineProcess[] = [];
/** Every process started, for the cleanup (also when the start failed half-way). */
const running: TPlumblineProcess[] = [];
let priya: TTestMember;
let admin: TTestMember;
let workersStartedAt: number;

const kubeconfig = (server: string) => singleClusterKubeconfig(server, CLUSTER);

/**
 * Creates or changes a Deployment, already rolled out, in one write: a watcher then sees the
 * same single state as a relist after a takeover does, so both record the same events.
 */
function deploy(name: string, options: { image?: string; replicas?: number } = {}): void {
  const object = deploymentFixture({ namespace: NAMESPACE, name, images: [options.image ?? `ghcr.io/acme/${name}:1.0.0`], replicas: options.replicas ?? 1 });
  // Every change here changes the spec, so the server bumps the generation; the status must have observed it.
  object.metadata = { ...object.metadata, generation: (fake.get("Deployment", NAMESPACE, name)?.metadata?.generation ?? 0) + 1 };
  fake.upsert("Deployment", withRolloutStatus(object, "complete"));
}

/** The change events recorded for the fake cluster, as "workload type" lines. */
async function clusterEvents(): Promise<string[]> {
  const rows = await getPrisma().changeEvent.findMany({
    where: { organizationId, details: { path: ["cluster"], equals: CLUSTER } },
    select: { type: true, details: true },
  });
  return rows.map((row) => `${(row.details as { name?: string }).name ?? "?"} ${row.type}`).sort();
}

const leaseKey = (cluster: string) => `cluster:${organizationId}:${cluster}`;
const holderOf = async (cluster: string) => (await findAllLeases()).find((lease) => lease.key === leaseKey(cluster)) ?? null;

function oneWatchPerKind(): boolean {
  const open = fake.openWatchCountByKind();
  return WATCHED_KINDS.every((kind) => open[kind] === 1);
}

async function api(web: TPlumblineProcess, pathname: string, init: { method?: string; body?: unknown; as?: TTestMember; token?: string } = {}) {
  const url = web.url ?? "";
  const headers: Record<string, string> = { accept: "application/json" };
  if (init.as) Object.assign(headers, { cookie: init.as.cookie, origin: url });
  else headers.authorization = `Bearer ${init.token ?? token}`;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${url}${pathname}`, { method: init.method ?? (init.body === undefined ? "GET" : "POST"), headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const text = await response.text();
  return { status: response.status, text, json: text.startsWith("{") ? (JSON.parse(text) as unknown) : null };
}

function describeState(): string {
  return `open watches ${JSON.stringify(fake.openWatchCountByKind())}; worker output:\n${workers.map((worker) => `--- pid ${worker.pid}\n${worker.output().slice(-3000)}`).join("\n")}`;
}

beforeAll(async () => {
  db = await openTestDatabase("postgres");
  // The processes seal and sign with TEST_AUTH_SECRET: what this process seals and signs must match.
  restoreConfig = overrideConfig(parseConfig(childProcessEnv({ PLUMBLINE_AUTH_SECRET: TEST_AUTH_SECRET })));
  organizationId = (await upsertOrganization("default", "Scale-out test")).id;
  token = (await createApiToken(organizationId, "ci")).token;

  fake = await startFakeApiServer({ bookmarkIntervalMs: 5_000 });
  fake.upsert("Namespace", namespaceFixture(NAMESPACE));
  for (const name of ["alpha", "beta", "gamma"]) deploy(name);
  await upsertIntegrationRow(organizationId, { kind: "kubernetes", name: CLUSTER, config: {}, secretCiphertext: await sealSecret(kubeconfig(fake.url)) });

  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plumbline-scale-out-"));
  const { catalogDir, policyFile } = writeGateTestFiles(tmp);
  const env = {
    DATABASE_URL: db.url ?? "",
    PLUMBLINE_AUTH_SECRET: TEST_AUTH_SECRET,
    PLUMBLINE_CATALOG: catalogDir,
    PLUMBLINE_POLICIES: policyFile,
    PLUMBLINE_DEMO: "1",
    PLUMBLINE_MESH_INTERVAL: `${MESH_INTERVAL_SECONDS}s`,
    PLUMBLINE_API_RATE_LIMIT: String(RATE_LIMIT),
    PLUMBLINE_EGRESS_ALLOW: "127.0.0.1",
  };
  // The production start (node dist/start.js), all four at once: the build is made (or
  // reused) before, so no process builds.
  await ensureProductionBuild();
  workersStartedAt = Date.now();
  const settled = await Promise.allSettled([
    startPlumblineProcess("web", env, { compiled: true }),
    startPlumblineProcess("workers", env, { compiled: true }),
    startPlumblineProcess("workers", env, { compiled: true }),
    startPlumblineProcess("web", env, { compiled: true }),
  ]);
  const started = settled.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  running.push(...started);
  const failed = settled.find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
  [webA, , , webB] = started as [TPlumblineProcess, TPlumblineProcess, TPlumblineProcess, TPlumblineProcess];
  workers = started.slice(1, 3);
  console.log(
    `scale-out: 2 web + 2 worker processes ready in ${Date.now() - workersStartedAt} ms (each from its spawn: ${running.map((child) => `${child.role} ${child.readyMs} ms`).join(", ")})`,
  );
  priya = await createSignedInMember(organizationId, { role: "member", email: "priya.raman@gate.test" });
  admin = await createSignedInMember(organizationId, { role: "admin" });
}, 1_200_000);

afterAll(async () => {
  await Promise.all(running.map((child) => child.stop()));
  await fake?.close();
  await db?.close();
  restoreConfig?.();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe("two web and two worker processes on one Postgres", () => {
  it("watches each cluster from exactly one worker, and /settings/system shows the workers and the lease holder", async () => {
    await waitFor("one watch per resource on the fake API server", oneWatchPerKind, { timeoutMs: 60_000, intervalMs: 100, detail: describeState });
    const leases = await waitFor("both clusters leased", async () => {
      const [acceptance, demo] = await Promise.all([holderOf(CLUSTER), holderOf("demo")]);
      return acceptance && demo ? { acceptance, demo } : null;
    });
    const pids = workers.map((worker) => worker.pid);
    expect(pids).toContain(leases.acceptance.holderPid);
    expect(pids).toContain(leases.demo.holderPid);
    await waitFor("the initial workloads recorded", async () => (await clusterEvents()).length === 3, { timeoutMs: 30_000, intervalMs: 200 });
    expect(await clusterEvents()).toEqual(["alpha workload_created", "beta workload_created", "gamma workload_created"]);

    const page = await fetch(`${webA.url}/settings/system`, { headers: { cookie: admin.cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const pid of pids) expect(html).toContain(`pid ${pid}`);
    expect(html).toContain(CLUSTER);
    expect(html).toMatch(new RegExp(`${CLUSTER}[\\s\\S]*?pid ${leases.acceptance.holderPid}`));
  }, 90_000);

  it("wakes a long-poll waiting on web B within 1 s of an approval given through web A", async () => {
    const created = await api(webA, "/api/v1/deploy-requests", { body: { service: "payments", environment: "staging", version: "2.0.0" } });
    expect(created.status).toBe(201);
    const pending = created.json as TDeployRequestDto;
    expect(pending.status).toBe("pending");
    let answeredAt = 0;
    const waiting = api(webB, `/api/v1/deploy-requests/${pending.id}?wait=30`).finally(() => (answeredAt = Date.now()));
    // Web B's LISTEN connection (opened for its first long-poll) is what carries A's decision.
    const admin = new pg.Client({ connectionString: db.url ?? "" });
    await admin.connect();
    await waitFor("web B listening for deploy-request changes", async () => {
      const { rows } = await admin.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'plumbline-deploy-listener'");
      return (rows[0] as { n: number }).n >= 1;
    });
    await admin.end();
    // sleep: web B is another process; nothing here sees its waiter read the request and go to
    // sleep. Half a second is ample for that one read (a late waiter would still pass, by reading).
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(answeredAt).toBe(0);

    const decided = await api(webA, `/api/v1/deploy-requests/${pending.id}/approvals/checkout`, { as: priya, body: { decision: "approve", comment: "go" } });
    const decidedAt = Date.now();
    expect(decided.status).toBe(200);
    const answer = await waiting;
    expect((answer.json as TDeployRequestDto).status).toBe("approved");
    expect(answeredAt - decidedAt).toBeLessThan(1_000);
    console.log(`scale-out: the long-poll on web B answered ${answeredAt - decidedAt} ms after web A's approval returned`);
  }, 60_000);

  it("holds one rate limit across both web processes", async () => {
    const limited = (await createApiToken(organizationId, "rate-limited")).token;
    const statuses: { web: "A" | "B"; status: number }[] = [];
    for (let index = 0; index < RATE_LIMIT + 6; index += 1) {
      const web = index % 2 === 0 ? webA : webB;
      const result = await api(web, "/api/v1/services", { token: limited });
      statuses.push({ web: web === webA ? "A" : "B", status: result.status });
    }
    expect(statuses.filter((entry) => entry.status === 200)).toHaveLength(RATE_LIMIT);
    expect(statuses.slice(RATE_LIMIT).every((entry) => entry.status === 429)).toBe(true);
    // Each process alone saw half the requests, under the limit: only shared counters refuse them.
    expect(new Set(statuses.filter((entry) => entry.status === 429).map((entry) => entry.web))).toEqual(new Set(["A", "B"]));
  }, 60_000);

  it("runs a periodic job once per period across both workers", async () => {
    const cyclesOf = async () => {
      const rows = await getPrisma().workerSourceStatus.findMany({ where: { source: "mesh-telemetry" }, select: { cycles: true } });
      return rows.reduce((sum, row) => sum + row.cycles, 0);
    };
    await waitFor("a few mesh cycles", async () => (await cyclesOf()) >= 3, { timeoutMs: 30_000, intervalMs: 250 });
    // Slots since the first worker started its jobs (its heartbeat row is written just before).
    const firstStart = await getPrisma().workerProcess.aggregate({ _min: { startedAt: true } });
    // Slots are aligned to the clock, so a stretch of time touches at most floor(length / period) + 2 of them.
    const periods = Math.floor((Date.now() - (firstStart._min.startedAt?.getTime() ?? workersStartedAt)) / (MESH_INTERVAL_SECONDS * 1000)) + 2;
    // Two workers each running every slot would run about twice as many.
    const cycles = await cyclesOf();
    expect(cycles).toBeLessThanOrEqual(periods);
    console.log(`scale-out: ${cycles} mesh cycles over both workers in ${periods} periods of ${MESH_INTERVAL_SECONDS} s`);
  }, 60_000);

  it("moves the watch to the other worker within 30 s of its holder's death, losing and repeating no change", async () => {
    deploy("alpha", { replicas: 2 });
    await waitFor("alpha's scale recorded", async () => (await clusterEvents()).includes("alpha scaled"), { timeoutMs: 30_000, intervalMs: 200 });

    const before = await holderOf(CLUSTER);
    const holder = workers.find((worker) => worker.pid === before?.holderPid);
    const survivor = workers.find((worker) => worker !== holder);
    if (!holder || !survivor) throw new Error(`no worker holds the cluster: ${JSON.stringify(before)}`);
    await holder.kill();
    const killedAt = Date.now();
    // While nobody watches: an image change, a deletion, a creation.
    deploy("beta", { image: "ghcr.io/acme/beta:1.1.0" });
    fake.remove("Deployment", NAMESPACE, "gamma");
    deploy("delta");

    await waitFor("the survivor to hold the lease and watch every resource once", async () => (await holderOf(CLUSTER))?.holderPid === survivor.pid && oneWatchPerKind(), {
      timeoutMs: 30_000,
      intervalMs: 100,
      detail: describeState,
    });
    const takeoverMs = Date.now() - killedAt;
    expect(takeoverMs).toBeLessThan(30_000);
    await waitFor("the survivor to hold the demo cluster too", async () => (await holderOf("demo"))?.holderPid === survivor.pid, { timeoutMs: 30_000, intervalMs: 200 });

    deploy("delta", { replicas: 3 });
    const expected = [
      "alpha scaled",
      "alpha workload_created",
      "beta image_changed",
      "beta workload_created",
      "delta scaled",
      "delta workload_created",
      "gamma workload_created",
      "gamma workload_deleted",
    ];
    await waitFor(
      "every change recorded",
      async () => {
        const recorded = await clusterEvents();
        return expected.every((event) => recorded.includes(event));
      },
      { timeoutMs: 30_000, intervalMs: 200, detail: describeState },
    );
    expect(await clusterEvents()).toEqual(expected);
    // Never two watchers at once, not even during the takeover.
    expect(fake.peakWatchCountByKind()).toMatchObject(Object.fromEntries(WATCHED_KINDS.map((kind) => [kind, 1])));
    console.log(`scale-out: watch moved ${takeoverMs} ms after the holder was killed`);
  }, 90_000);
});
