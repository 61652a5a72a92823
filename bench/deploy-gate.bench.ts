// Deploy-gate benchmark: decisions per second and latency of POST /api/v1/deploy-requests
// against a graph of 10,000 services and 100,000 edges, next to a trivial route
// (/api/health) measured in the same run on the same server. The load comes from a
// separate process (bench/load-generator.ts), never from this one.
//
//   bash -c 'source scripts/test-services/postgres.sh && start_test_postgres && \
//            trap stop_test_postgres EXIT && npx tsx bench/deploy-gate.bench.ts'
//
// Needs TEST_DATABASE_URL (a throwaway Postgres; a fresh database is created on it).
// BENCH_SECONDS (default 15) and BENCH_CONNECTIONS (default 10) tune the load.
// BENCH_CPU_PROF=DIR writes a V8 CPU profile of the server (node --cpu-prof) to DIR when it
// stops (read it with bench/cpu-profile-summary.ts); BENCH_RUNS=depth1 (comma-separated of
// health, depth1, depth3, health-after) runs only those, e.g. to profile decisions alone.
import os from "node:os";
import { getPrisma } from "@/server/db/client.ts";
import { savePolicyDocument } from "@/server/gate/save-policy-document.ts";
import { openTestDatabase } from "@/server/testing/test-databases.ts";
import { startTestApp, TEST_AUTH_SECRET } from "@/server/testing/start-test-app.ts";
import { getConfig } from "@/server/config/get-config.ts";
import { createApiToken } from "@/server/identity/api-tokens.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { seedGateGraph as seedGraph, SERVICES } from "./seed-gate-graph.ts";
import { benchRow, printSummaryTable, type TBenchRow } from "./bench-summary.ts";
import { loadFromSeparateProcess, loadGeneratorNiceNote, type TLoadJob } from "./load-generator.ts";
import { processGroupCpuSeconds } from "./process-group-cpu.ts";
import { postgresBackendCpu } from "./postgres-backend-cpu.ts";
import { describeHistogram, histogramSince, parseHistogram, type THistogramScrape } from "./scraped-histogram.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF;
const RUNS = new Set((process.env.BENCH_RUNS ?? "health,depth1,depth3,health-after").split(","));

let appPid: number | undefined;
let databaseUrl = "";
let appUrl = "";
const METRICS_TOKEN = "bench-metrics-token";
const BATCH_HISTOGRAM = "plumbline_gate_decision_write_batch_size";

/** Decisions per group-commit statement so far (server/gate/decision-write-batcher.ts), from the server's /metrics. */
async function scrapeWriteBatches(): Promise<THistogramScrape> {
  const response = await fetch(`${appUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  return parseHistogram(await response.text(), BATCH_HISTOGRAM);
}

/** One run, with the server's CPU per answered request and the load average around it (the machine is shared). */
async function measure(title: string, job: Omit<TLoadJob, "connections" | "duration">) {
  const database = new URL(databaseUrl).pathname.slice(1);
  const dbBefore = await postgresBackendCpu(databaseUrl, database);
  const cpuBefore = appPid === undefined ? 0 : processGroupCpuSeconds(appPid);
  const loadBefore = os.loadavg()[0] ?? 0;
  const batchesBefore = await scrapeWriteBatches();
  const result = await loadFromSeparateProcess({ connections: CONNECTIONS, duration: SECONDS, ...job });
  const cpuSeconds = appPid === undefined ? Number.NaN : processGroupCpuSeconds(appPid) - cpuBefore;
  const dbSeconds = (await postgresBackendCpu(databaseUrl, database)).since(dbBefore);
  const writeBatches = histogramSince(await scrapeWriteBatches(), batchesBefore);
  const load = `${loadBefore.toFixed(1)}→${(os.loadavg()[0] ?? 0).toFixed(1)}`;
  const requests = Math.max(1, result.ok + result.failed);
  return { title, ...result, serverCpuMsPerRequest: (cpuSeconds * 1000) / requests, postgresCpuMsPerRequest: (dbSeconds * 1000) / requests, load, writeBatches };
}

function deployRequests(token: string): Omit<TLoadJob, "url" | "connections" | "duration"> {
  return {
    method: "POST",
    path: "/api/v1/deploy-requests",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    // A different service each time, spread over the graph, so no cache of one answer helps.
    deployBodies: { services: SERVICES },
  };
}

async function main(): Promise<void> {
  if (!getConfig().testing.databaseUrl) throw new Error("Set TEST_DATABASE_URL (see the header of this file).");
  const db = await openTestDatabase("postgres");
  let stopApp = async () => {};
  try {
    const organization = await upsertOrganization("default", "Bench");
    const started = Date.now();
    await seedGraph(organization.id);
    const prisma = getPrisma();
    const [services, edges, slos] = await Promise.all([
      prisma.service.count({ where: { organizationId: organization.id } }),
      prisma.edge.count({ where: { organizationId: organization.id } }),
      prisma.slo.count({ where: { organizationId: organization.id } }),
    ]);
    await prisma.$executeRawUnsafe("ANALYZE");
    console.log(`Seeded ${services} services, ${edges} edges, ${slos} SLOs in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const { token } = await createApiToken(organization.id, "bench");

    // Web only, as in production (workers run elsewhere): the SLO worker evaluating 3,300 SLOs must not share the CPU.
    databaseUrl = db.url ?? "";
    const app = await startTestApp(
      { DATABASE_URL: databaseUrl, PLUMBLINE_AUTH_SECRET: TEST_AUTH_SECRET, PLUMBLINE_ROLE: "web", PLUMBLINE_API_RATE_LIMIT: "100000000", PLUMBLINE_METRICS_TOKEN: METRICS_TOKEN, LOG_LEVEL: "error" },
      { nodeArgs: CPU_PROF_DIR ? ["--cpu-prof", `--cpu-prof-dir=${CPU_PROF_DIR}`] : [] },
    );
    stopApp = app.stop;
    appPid = app.pid;
    appUrl = app.url;
    console.log(`App on ${app.url}; ${CONNECTIONS} connections, ${SECONDS} s per run, ${os.cpus().length} CPUs\n`);

    // Warm up: Next compiles route bundles lazily and Prisma opens its pool on first use.
    await loadFromSeparateProcess({ url: app.url, connections: 2, duration: 2, ...deployRequests(token) });
    await loadFromSeparateProcess({ url: `${app.url}/api/health`, connections: 2, duration: 1 });
    // Statistics for the tables the warm-up started to fill, as autoanalyze keeps them in a
    // running installation. Without them the pool's connections plan the foreign-key checks
    // against "DeployRequest" (empty at seeding, never analyzed) as sequential scans, keep
    // those plans, and each check reads the whole growing table, until autoanalyze runs
    // (its naptime is 60 s; a run is 15): Postgres CPU was ~1.5 instead of ~0.8 ms a decision
    // in the runs autoanalyze missed (docs/adr/013-gate-read-plan-and-group-commit.md, "Correction").
    await prisma.$executeRawUnsafe("ANALYZE");

    type TRun = Awaited<ReturnType<typeof measure>>;
    const run = (name: string, title: string, job: Parameters<typeof measure>[1]): Promise<TRun | null> =>
      RUNS.has(name) ? measure(title, job) : Promise.resolve(null);
    const health = await run("health", "GET /api/health (trivial route)", { url: `${app.url}/api/health` });
    const depth1 = await run("depth1", "POST /api/v1/deploy-requests, default policy (depth 1)", { url: app.url, ...deployRequests(token) });
    const saved = await savePolicyDocument(
      organization.id,
      "rules:\n  - name: dependents-out-of-slo\n    type: dependents_out_of_slo\n    depth: 3\n  - name: own-budget-exhausted\n    type: own_budget_exhausted\n",
      { source: "ui", actor: "bench" },
    );
    if (!saved.ok) throw new Error("bench policy invalid");
    const depth3 = await run("depth3", "POST /api/v1/deploy-requests, dependents to depth 3", { url: app.url, ...deployRequests(token) });
    const healthAfter = await run("health-after", "GET /api/health (trivial route), again after the gate runs", { url: `${app.url}/api/health` });

    const outcomes = await prisma.deployRequest.groupBy({ by: ["status"], where: { organizationId: organization.id }, _count: true });
    console.log("| run | ok/s | p50 ms | p99 ms | ok | failed | statuses | server CPU ms/request | Postgres CPU ms/request | load average (1 min) |");
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- |");
    for (const done of [health, depth1, depth3, healthAfter]) {
      if (!done) continue;
      console.log(
        `| ${done.title} | ${done.perSecond.toFixed(1)} | ${done.p50} | ${done.p99} | ${done.ok} | ${done.failed} | ${JSON.stringify(done.statuses)} | ${done.serverCpuMsPerRequest.toFixed(2)} | ${done.postgresCpuMsPerRequest.toFixed(2)} | ${done.load} |`,
      );
    }
    console.log(`\nDecisions written: ${outcomes.map((row) => `${row.status} ${row._count}`).join(", ")}`);
    // Gate targets (issue 16): throughput >= 50 % of health's, p99 <= 3x health's p99, in the same run.
    const healthRuns = [health, healthAfter].filter((done): done is TRun => done !== null);
    if (healthRuns.length === 0) return;
    const healthRate = Math.max(...healthRuns.map((done) => done.perSecond));
    const healthP99 = Math.min(...healthRuns.map((done) => done.p99));
    const healthCpu = healthRuns[0]?.serverCpuMsPerRequest ?? Number.NaN;
    const rows: TBenchRow[] = [];
    for (const [label, decisions] of [["depth 1", depth1], ["depth 3", depth3]] as const) {
      if (!decisions) continue;
      rows.push(
        benchRow({
          what: `POST /api/v1/deploy-requests ${label}: throughput vs GET /api/health`,
          database: "postgres",
          value: (decisions.perSecond / healthRate) * 100,
          unit: "%",
          target: { op: ">=", value: 50 },
          note: `${decisions.perSecond.toFixed(0)} vs ${healthRate.toFixed(0)} req/s; p50 ${decisions.p50} ms; server CPU ${decisions.serverCpuMsPerRequest.toFixed(2)} vs ${healthCpu.toFixed(2)} ms/request; Postgres CPU ${decisions.postgresCpuMsPerRequest.toFixed(2)} ms/request; decisions per write statement: ${describeHistogram(decisions.writeBatches)}; load average ${decisions.load}`,
        }),
        benchRow({
          what: `POST /api/v1/deploy-requests ${label}: p99 / health's p99`,
          database: "postgres",
          value: decisions.p99 / Math.max(1, healthP99),
          unit: "×",
          target: { op: "<=", value: 3 },
          note: `p99 ${decisions.p99} ms vs ${healthP99} ms`,
        }),
      );
    }
    printSummaryTable(`deploy gate${loadGeneratorNiceNote()}`, rows);
  } finally {
    await stopApp();
    await db.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
