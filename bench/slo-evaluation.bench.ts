// Benchmark: one SLO evaluation cycle over 10,000 SLOs (5,000 services × availability +
// latency), on an in-memory PGlite, or on Postgres when DATABASE_URL is set (use a
// throwaway database: the bench creates its own organization and leaves it there).
//
//   node --import tsx bench/slo-evaluation.bench.ts [--slos 10000] [--with-retention]
//
// Prints wall time, SQL statements issued (Prisma query events, BEGIN/COMMIT included),
// rows written and peak RSS after migrations (they run in a child process, see
// bench/migrate-in-child-process.ts, so the wasm schema engine's ~700 MB peak is not in the
// figure). BENCH_CPU_PROF=DIR writes a V8 CPU profile of each measured cycle alone to
// DIR/slo-cycle-N.cpuprofile (read them with bench/cpu-profile-summary.ts). --with-retention also seeds one due hour of minute snapshots (60 per SLO) and
// times one downsampling pass over them.
import fs from "node:fs";
import { Session } from "node:inspector/promises";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { PrismaPg } from "@prisma/adapter-pg";
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { getConfig } from "@/server/config/get-config.ts";
import { asPGlite, PGLITE_START_PARAMS, setDbHandle, type DbHandle } from "@/server/db/client.ts";
import { PGliteWorkerClient } from "@/server/db/pglite-worker-client.ts";
import { PrismaClient } from "@/server/db/generated/client.ts";
import { benchRow, printSummaryTable, type TBenchRow } from "./bench-summary.ts";
import { migratePGliteDataDirInChildProcess, migratePostgresInChildProcess, openMigratedMemoryPGlite } from "./migrate-in-child-process.ts";
import { postgresBackendCpu } from "./postgres-backend-cpu.ts";
import { describeThreadCpu, readThreadTicks } from "./thread-cpu.ts";
import { applySnapshotRetention } from "@/server/slo/apply-snapshot-retention.ts";
import { evaluateAllSlos } from "@/server/slo/evaluate-all-slos.ts";

const args = process.argv.slice(2);
const sloCount = Number(args[args.indexOf("--slos") + 1] ?? "") || 10_000;
const withRetention = args.includes("--with-retention");
const serviceCount = Math.ceil(sloCount / 2);

let queries = 0;
const log = [{ emit: "event", level: "query" }] as const;
async function createBenchHandle(): Promise<DbHandle> {
  const url = getConfig().database.url;
  if (url) {
    migratePostgresInChildProcess(url);
    // Idle connections stay open, so the backends' CPU read from /proc covers the whole cycle (bench/postgres-backend-cpu.ts).
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10, idleTimeoutMillis: 0 }), log: [...log] });
    prisma.$on("query", (e) => { queries += 1; if (process.env.BENCH_TRACE) console.log(`    ${e.duration} ms  ${e.query.replace(/\s+/g, " ").slice(0, 110)}`); });
    return { prisma, config: { kind: "postgres", url }, pglite: null } as DbHandle;
  }
  if (process.env.BENCH_PGLITE_WORKER) {
    // As `npm start` runs it: a data directory, the database in its worker thread (server/db/client.ts).
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "plumbline-bench-pglite-"));
    migratePGliteDataDirInChildProcess(dataDir);
    const worker = new PGliteWorkerClient({ dataDir, startParams: PGLITE_START_PARAMS });
    await worker.waitReady;
    const close = worker.close.bind(worker);
    worker.close = async () => {
      await close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(asPGlite(worker)), log: [...log] });
    prisma.$on("query", (e) => { queries += 1; if (process.env.BENCH_TRACE) console.log(`    ${e.duration} ms  ${e.query.replace(/\s+/g, " ").slice(0, 110)}`); });
    return { prisma, config: { kind: "pglite", dataDir }, pglite: worker } as DbHandle;
  }
  const pglite = await openMigratedMemoryPGlite();
  if (process.env.BENCH_STATEMENT_CPU) traceStatementCpu(pglite);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite), log: [...log] });
  prisma.$on("query", (e) => { queries += 1; if (process.env.BENCH_TRACE) console.log(`    ${e.duration} ms  ${e.query.replace(/\s+/g, " ").slice(0, 110)}`); });
  return { prisma, config: { kind: "pglite", dataDir: "memory://" }, pglite } as DbHandle;
}

/**
 * BENCH_STATEMENT_CPU=1 (PGlite): the main thread's CPU time in each protocol message the
 * database runs (in this process, PGlite runs on the main thread), from the thread's
 * schedstat (ns), so the database's share of a cycle is measured, not sampled.
 */
const statementCpu: { text: string; ms: number }[] = [];
function threadCpuNs(): number {
  return Number(fs.readFileSync("/proc/thread-self/schedstat", "utf8").split(" ")[0]);
}
function traceStatementCpu(pglite: PGlite): void {
  const target = pglite as unknown as { execProtocolRawSync: (message: Uint8Array) => unknown };
  const run = target.execProtocolRawSync.bind(pglite);
  const decoder = new TextDecoder();
  target.execProtocolRawSync = (message: Uint8Array) => {
    const before = threadCpuNs();
    try {
      return run(message);
    } finally {
      // A Parse ('P') or Query ('Q') message carries the text; Bind/Execute/Sync alone are "(bound)".
      const kind = String.fromCharCode(message[0] ?? 0);
      const text = kind === "P" || kind === "Q" ? decoder.decode(message.subarray(5, 200)).replace(/[\s\0]+/g, " ").trim() : `(${kind})`;
      statementCpu.push({ text, ms: (threadCpuNs() - before) / 1e6 });
    }
  };
}

const t = () => performance.now();
let started = t();
const handle = await createBenchHandle();
const migratedInMs = t() - started;
setDbHandle(handle);
const prisma = handle.prisma;
const now = new Date();

console.log(`SLO evaluation bench: ${sloCount.toLocaleString("en-US")} SLOs on ${serviceCount.toLocaleString("en-US")} services, ${handle.config.kind === "postgres" ? "Postgres (DATABASE_URL)" : process.env.BENCH_PGLITE_WORKER ? "PGlite (data directory, worker thread)" : "PGlite (in memory)"}`);
console.log(`  migrated in a child process in ${(migratedInMs / 1000).toFixed(1)} s; peak RSS of this process so far ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
started = t();
const org = await prisma.organization.create({ data: { slug: `bench-${Date.now()}`, name: "SLO bench" }, select: { id: true } });

// Seeding in SQL: generate_series is seconds where 10,000 ORM inserts would be minutes.
// Telemetry mixes the paths the math takes: 1 in 10 services burns fast (page alerts),
// 1 in 25 has spent its budget, 1 in 50 is stale; the rest are healthy.
await prisma.$executeRawUnsafe(
  `INSERT INTO "Service" ("id", "organizationId", "slug", "name", "updatedAt")
   SELECT 'svc-' || i, $1, 'service-' || i, 'Service ' || i, now() FROM generate_series(1, $2::int) AS i`,
  org.id,
  serviceCount,
);
await prisma.$executeRawUnsafe(
  `INSERT INTO "Slo" ("id", "organizationId", "serviceId", "name", "kind", "objective", "latencyThresholdMs", "status", "evaluatedAt", "statusSince", "updatedAt")
   SELECT 'slo-' || i || '-' || k, $1, 'svc-' || i, k, k::"SloKind", CASE WHEN k = 'latency' THEN 99 ELSE 99.9 END,
          CASE WHEN k = 'latency' THEN 250 ELSE NULL END, 'healthy'::"SloStatus", now() - interval '1 minute', now() - interval '1 day', now()
   FROM generate_series(1, $2::int) AS i, unnest(ARRAY['availability', 'latency']) AS k
   LIMIT $3::int`,
  org.id,
  serviceCount,
  sloCount,
);
await prisma.$executeRawUnsafe(
  `INSERT INTO "ServiceTelemetry" ("id", "organizationId", "serviceId", "window", "totalEvents", "goodEvents", "latencyGood", "measuredAt", "staleSince", "staleReason")
   SELECT 'tel-' || i || '-' || w, $1, 'svc-' || i, w, total, total - bad,
          jsonb_build_object('100', total * 0.9, '250', total - bad * 2, '500', total - bad),
          CASE WHEN i % 50 = 0 THEN $2::timestamptz - interval '20 minutes' ELSE $2::timestamptz END,
          CASE WHEN i % 50 = 0 THEN $2::timestamptz - interval '20 minutes' ELSE NULL END,
          CASE WHEN i % 50 = 0 THEN 'bench: Prometheus unreachable' ELSE NULL END
   FROM generate_series(1, $3::int) AS i,
        unnest(ARRAY['5m', '30m', '1h', '2h', '6h', '1d', '3d', '28d']) AS w,
        LATERAL (SELECT CASE WHEN w = '28d' THEN 40000000.0 ELSE 100000.0 END AS total) AS sizes,
        LATERAL (SELECT CASE
          WHEN i % 25 = 0 THEN total * 0.002
          WHEN i % 10 = 0 AND w <> '28d' THEN total * 0.02
          ELSE total * 0.0001 END AS bad) AS errors`,
  org.id,
  now.toISOString(),
  serviceCount,
);
const seeded = { slos: await prisma.slo.count({ where: { organizationId: org.id } }), telemetry: await prisma.serviceTelemetry.count({ where: { organizationId: org.id } }) };
console.log(`  seeded ${seeded.slos.toLocaleString("en-US")} SLOs and ${seeded.telemetry.toLocaleString("en-US")} telemetry rows in ${((t() - started) / 1000).toFixed(1)} s`);

const summary: TBenchRow[] = [];
const profileDir = process.env.BENCH_CPU_PROF;
const profiler = profileDir ? new Session() : null;
if (profiler) {
  profiler.connect();
  await profiler.post("Profiler.enable");
  fs.mkdirSync(profileDir ?? ".", { recursive: true });
}
let measured = 0;
async function measure<T>(label: string, run: () => Promise<T>): Promise<T> {
  queries = 0;
  const url = handle.config.kind === "postgres" ? handle.config.url : null;
  const backendsBefore = url ? await postgresBackendCpu(url, new URL(url).pathname.slice(1)) : null;
  measured += 1;
  statementCpu.length = 0;
  const mainBefore = process.env.BENCH_STATEMENT_CPU ? threadCpuNs() : 0;
  if (profiler) await profiler.post("Profiler.start");
  const begin = t();
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const cpuBefore = process.cpuUsage();
  const threadsBefore = readThreadTicks();
  const result = await run();
  const ms = t() - begin;
  const cpu = process.cpuUsage(cpuBefore);
  const threads = describeThreadCpu(threadsBefore, readThreadTicks());
  loopDelay.disable();
  if (profiler) fs.writeFileSync(`${profileDir}/slo-cycle-${measured}.cpuprofile`, JSON.stringify((await profiler.post("Profiler.stop")).profile));
  // On Postgres the statements' own work is in its backends, not in this process: both are shown.
  const backendCpu = url && backendsBefore ? (await postgresBackendCpu(url, new URL(url).pathname.slice(1))).since(backendsBefore) : null;
  console.log(`\n${label}`);
  console.log(`  wall time        ${ms.toFixed(0)} ms`);
  console.log(`  SQL statements   ${queries} through Prisma`);
  // With the database in this thread (PGlite in memory) each statement is one turn; BENCH_PGLITE_WORKER=1 measures the loop as the app has it.
  console.log(`  event loop       longest delay ${(loopDelay.max / 1e6).toFixed(1)} ms, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms (monitorEventLoopDelay, 1 ms resolution)`);
  if (process.env.BENCH_STATEMENT_CPU) {
    const mainMs = (threadCpuNs() - mainBefore) / 1e6;
    const databaseMs = statementCpu.reduce((sum, s) => sum + s.ms, 0);
    console.log(`  main thread CPU  ${mainMs.toFixed(0)} ms: the database ${databaseMs.toFixed(0)} ms, the rest (JavaScript, GC) ${(mainMs - databaseMs).toFixed(0)} ms`);
    for (const s of statementCpu) if (s.ms >= 5) console.log(`    ${s.ms.toFixed(0).padStart(5)} ms  ${s.text.slice(0, 100)}`);
  }
  console.log(`  CPU              ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s (${threads}); load average ${os.loadavg()[0]?.toFixed(2)}`);
  summary.push(
    benchRow({
      what: `SLO evaluation of ${sloCount.toLocaleString("en-US")} SLOs, ${label.split(" (")[0]}`,
      database: handle.config.kind,
      value: ms / 1000,
      unit: "s",
      target: { op: "<", value: 2 },
      note: `${queries} statements through Prisma; CPU of this process ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s${backendCpu === null ? " (the embedded database's work included)" : `, of the Postgres backends ${backendCpu.toFixed(2)} s`}; load average ${os.loadavg()[0]?.toFixed(1)}`,
    }),
  );
  return result;
}

const first = await measure("cycle 1 (statuses change: transitions and change events)", () => evaluateAllSlos(now));
console.log(`  evaluated        ${first.evaluated.toLocaleString("en-US")} (failed ${first.failed})`);
console.log(`  rows written     ${(first.written + first.snapshots + first.transitions).toLocaleString("en-US")} (${first.written} SLO updates, ${first.snapshots} snapshots, ${first.transitions} change events)`);

const second = await measure("cycle 2, one minute later (steady state)", () => evaluateAllSlos(new Date(now.getTime() + 60_000)));
console.log(`  rows written     ${(second.written + second.snapshots + second.transitions).toLocaleString("en-US")} (${second.written} SLO updates, ${second.snapshots} snapshots, ${second.transitions} change events)`);

// Live telemetry moves every minute, so most SLOs' values change (the full-row UPDATE path);
// one more request per window changes every ratio a little and no status.
await prisma.$executeRawUnsafe(
  `UPDATE "ServiceTelemetry" SET "totalEvents" = "totalEvents" + 1, "measuredAt" = "measuredAt" + interval '2 minutes' WHERE "organizationId" = $1`,
  org.id,
);
const third = await measure("cycle 3, two minutes later, every count moved (live telemetry)", () => evaluateAllSlos(new Date(now.getTime() + 120_000)));
console.log(`  rows written     ${(third.written + third.snapshots + third.transitions).toLocaleString("en-US")} (${third.written} SLO updates, ${third.snapshots} snapshots, ${third.transitions} change events)`);

if (withRetention) {
  // One whole hour, 2 days and 2 hours ago, of minute snapshots per SLO: what a downsampling pass folds each hour.
  const hourStart = Math.floor((now.getTime() - 50 * 3_600_000) / 3_600_000) * 3_600_000;
  started = t();
  await prisma.$executeRawUnsafe(
    `INSERT INTO "SloStatusSnapshot" ("id", "organizationId", "sloId", "at", "resolution", "status", "sli", "budgetRemaining", "burnRates")
     SELECT s."id" || '-' || m, $1, s."id", $2::timestamptz + m * interval '1 minute', 'minute', 'healthy', 0.9995, 0.5 - m * 0.001, '{"1h": 0.5, "5m": 0.4}'::jsonb
     FROM "Slo" s, generate_series(0, 59) AS m WHERE s."organizationId" = $1`,
    org.id,
    new Date(hourStart).toISOString(),
  );
  console.log(`\n  seeded ${(await prisma.sloStatusSnapshot.count({ where: { organizationId: org.id, resolution: "minute" } })).toLocaleString("en-US")} minute snapshots in ${((t() - started) / 1000).toFixed(1)} s`);
  const retention = await measure("snapshot downsampling (one due hour for every SLO)", () => applySnapshotRetention(org.id, now));
  console.log(`  rows written     ${retention.hourlyCreated.toLocaleString("en-US")} hourly snapshots created, ${retention.deleted.toLocaleString("en-US")} minute snapshots deleted`);
}

const peakRssMb = process.resourceUsage().maxRSS / 1024;
console.log(`\npeak RSS after migrations  ${peakRssMb.toFixed(0)} MB (this process's peak: seeding, evaluation and the embedded database; migrations ran in a child process)`);
await prisma.$disconnect();
if (handle.pglite) await handle.pglite.close();
printSummaryTable("SLO evaluation", summary);
process.exit(0);
