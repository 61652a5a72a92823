// One mesh ingest cycle at scale: 10,000 services, 100,000 edges from the demo simulator,
// written through server/telemetry/ingest-mesh-telemetry.ts exactly as the worker does.
//
//   node --import tsx bench/mesh-ingest.bench.ts                      # embedded PGlite as `npm start` runs it
//   BENCH_PGLITE=memory node --import tsx bench/mesh-ingest.bench.ts  # embedded PGlite in memory, in this thread
//   BENCH_DATABASE_URL=postgres://… node --import tsx bench/mesh-ingest.bench.ts   # a scratch Postgres database
//
// "As `npm start` runs it": in a worker thread, with the app's start parameters (32 MB of
// shared buffers), on a data directory in a temporary folder. In memory and in this thread
// (what this bench ran until December 2026) the statements and this process's JavaScript
// take turns on one thread, which the app's worker does not.
// Prints CPU time (process.cpuUsage, this process only, all its threads), with Postgres on this machine
// also the CPU its backends serving this bench's database spent (from /proc: the machine
// is shared, so wall time is noisy and the two CPU figures are what compares across
// runs), wall time, rows written and peak RSS, for the first cycle (inserts) and two more
// 15 s apart (updates), with the cycle's SQL statements (count, summed time, slowest
// shapes; BENCH_TRACE=1 prints each one with when it started, bench/statement-log.ts;
// BENCH_TIMELINE=1 prints when the main thread and the database's were busy, bench/thread-timeline.ts).
//   BENCH_PGLITE_PARAMS="-c wal_buffers=16MB" adds start parameters to the app's (PGlite as `npm start`), for A/B runs of a setting.
//   BENCH_KEEP=1 keeps the organization in the database afterwards (to EXPLAIN statements against it).
import fs from "node:fs";
import os from "node:os";
import { benchRow, printSummaryTable, type TBenchRow } from "./bench-summary.ts";
import { createDemoClock } from "@/domain/demo/demo-clock.ts";
import type { TDemoTopology } from "@/domain/demo/build-demo-mesh-model.ts";
import { seededUnit } from "@/domain/demo/seeded-unit.ts";
import { telemetryWindows } from "@/domain/telemetry/telemetry-windows.ts";
import { closeHandle, setDbHandle } from "@/server/db/client.ts";
import { createTelemetrySimulator } from "@/server/demo/telemetry-simulator.ts";
import { ingestMeshTelemetry, type TMeshIngestResult } from "@/server/telemetry/ingest-mesh-telemetry.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { openCountedHandle, type TStatementLog } from "./statement-log.ts";
import { describeWriteCounters, readWriteCounters } from "./table-write-counters.ts";
import { describeThreadCpu, readThreadTicks } from "./thread-cpu.ts";
import { startThreadTimeline } from "./thread-timeline.ts";

/** Tables whose rows a round writes (the last through the dependents recount). */
const WRITTEN_TABLES = ["Edge", "ServiceTelemetry", "TelemetryCoverageEndpoint", "ServiceDependentCount"];

const SERVICES = Number(process.env.BENCH_SERVICES ?? 10_000);
const EDGES = Number(process.env.BENCH_EDGES ?? 100_000);
const LAYERS = 10;
const TEAMS = 200;

/** A layered service graph: front doors in layer 0, each service calling into the next two layers. */
function syntheticTopology(): TDemoTopology {
  const perLayer = Math.ceil(SERVICES / LAYERS);
  const services = Array.from({ length: SERVICES }, (_, i) => ({
    slug: `svc-${String(i).padStart(5, "0")}`,
    ownerTeamSlug: `team-${i % TEAMS}`,
    tier: 1 + (i % 3),
  }));
  // Layer-0 services get outside traffic from the simulator (one edge each); the rest are calls.
  const internal = EDGES - perLayer;
  const edges: { callerSlug: string; calleeSlug: string }[] = [];
  const seen = new Set<string>();
  const callers = SERVICES - 2 * perLayer;
  for (let k = 0; edges.length < internal; k += 1) {
    const caller = k % callers;
    const layer = Math.floor(caller / perLayer);
    const span = Math.min(2 * perLayer, SERVICES - (layer + 1) * perLayer);
    const callee = (layer + 1) * perLayer + Math.floor(seededUnit(1, "edge", k) * span);
    const key = `${caller}->${callee}`;
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push({ callerSlug: services[caller]?.slug ?? "", calleeSlug: services[callee]?.slug ?? "" });
  }
  return { services, edges };
}

async function insertServices(organizationId: string, prisma: TPrisma): Promise<void> {
  const teams = Array.from({ length: TEAMS }, (_, i) => ({ organizationId, slug: `team-${i}`, name: `Team ${i}` }));
  await prisma.team.createMany({ data: teams });
  const rows = Array.from({ length: SERVICES }, (_, i) => ({ organizationId, slug: `svc-${String(i).padStart(5, "0")}`, name: `Service ${i}`, tier: 1 + (i % 3) }));
  for (let i = 0; i < rows.length; i += 2000) await prisma.service.createMany({ data: rows.slice(i, i + 2000) });
}

type TPrisma = Awaited<ReturnType<typeof openCountedHandle>>["handle"]["prisma"];

/** CPU ticks so far of each Postgres backend connected to this database, when they run on this machine (/proc). */
async function backendCpuTicks(prisma: TPrisma): Promise<Map<number, number> | null> {
  const rows = await prisma.$queryRaw<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`;
  const ticks = new Map<number, number>();
  for (const { pid } of rows) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      return null; // not on this machine
    }
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    ticks.set(pid, Number(fields[11]) + Number(fields[12]));
  }
  return ticks;
}

/** Seconds of backend CPU between two snapshots (backends that closed in between are missed: the pool keeps busy ones). */
function backendCpuSeconds(before: Map<number, number> | null, after: Map<number, number> | null): number | null {
  if (!before || !after) return null;
  let ticks = 0;
  for (const [pid, total] of after) ticks += total - (before.get(pid) ?? 0);
  return ticks / 100; // USER_HZ: 100 on Linux
}

function report(
  label: string,
  result: TMeshIngestResult,
  cpu: NodeJS.CpuUsage,
  dbCpuSeconds: number | null,
  statements: TStatementLog,
  wallMs: number,
  rssBeforeMb: number,
  database: string,
  loadBefore: number,
): TBenchRow {
  const dbCpu = dbCpuSeconds === null ? "" : `, Postgres backends' CPU ${dbCpuSeconds.toFixed(2)} s`;
  const edges = result.edges.ok ? `${result.edges.upserted} edges upserted` : `edges failed: ${result.edges.reason}`;
  const counts = result.counts.ok ? `${result.counts.upserted} window counts upserted` : `counts failed: ${result.counts.reason}`;
  const sql = statements.snapshot();
  console.log(
    `${label}: wall ${(wallMs / 1000).toFixed(2)} s, CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s (user ${(cpu.user / 1e6).toFixed(2)}, system ${(cpu.system / 1e6).toFixed(2)})${dbCpu}, ` +
      `rows written ${result.rowsWritten} (${edges}, ${counts}), peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (RSS before the cycle ${rssBeforeMb.toFixed(0)} MB); ` +
      `${sql.statements} statements, ${(sql.databaseMs / 1000).toFixed(2)} s summed (two connections overlap), slowest shapes:\n  ${sql.top.join("\n  ")}`,
  );
  return benchRow({
    what: `mesh ingest ${label}, ${SERVICES.toLocaleString("en-US")} services`,
    database,
    value: wallMs / 1000,
    unit: "s",
    target: { op: "<", value: 5 },
    note: `CPU of this process ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s${dbCpu ? `;${dbCpu.slice(1)}` : ""}; rows written ${result.rowsWritten}; ${sql.statements} statements, ${(sql.databaseMs / 1000).toFixed(2)} s summed; load average ${loadBefore.toFixed(1)} → ${os.loadavg()[0]?.toFixed(1)}`,
  });
}

async function main(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL;
  const embedded = process.env.BENCH_PGLITE === "memory" ? "in memory" : "as the app";
  const { handle, statements } = await openCountedHandle(url, { embedded });
  setDbHandle(handle);
  try {
    const org = await upsertOrganization(`bench-${Date.now()}`, "Mesh ingest bench");
    await insertServices(org.id, handle.prisma);
    const topology = syntheticTopology();
    const source = createTelemetrySimulator({
      organizationId: org.id,
      clock: createDemoClock(new Date(), 1),
      latencyThresholdsMs: [100, 250],
      loadTopology: async () => ({ ...topology, organizationCreatedAt: new Date() }),
    });
    const windows = telemetryWindows();
    console.log(
      `mesh ingest bench on ${url ? "PostgreSQL" : embedded === "in memory" ? "PGlite (in memory, in this thread)" : "PGlite (worker thread, data directory on disk, as npm start)"}: ${SERVICES} services, ${topology.edges.length} declared calls + outside traffic, ${windows.length} windows; ` +
        `${os.cpus().length} CPUs, load average ${os.loadavg()[0]?.toFixed(1)}`,
    );
    let now = new Date();
    const rows: TBenchRow[] = [];
    for (const label of ["cycle 1 (insert)", "cycle 2 (update)", "cycle 3 (steady)"]) {
      const rssBeforeMb = process.memoryUsage().rss / 1024 / 1024;
      statements.reset();
      const countersBefore = await readWriteCounters(handle.prisma, WRITTEN_TABLES);
      const loadBefore = os.loadavg()[0] ?? 0;
      const dbBefore = url ? await backendCpuTicks(handle.prisma) : null;
      const threadsBefore = readThreadTicks();
      const cpuBefore = process.cpuUsage();
      const timeline = process.env.BENCH_TIMELINE ? startThreadTimeline() : null;
      const started = performance.now();
      const result = await ingestMeshTelemetry(org.id, source, now, { windows });
      const wallMs = performance.now() - started;
      if (timeline) console.log(`  ${label} busy threads (BENCH_TIMELINE):\n    ${timeline.stop().join("\n    ")}`);
      const cpu = process.cpuUsage(cpuBefore);
      const threads = describeThreadCpu(threadsBefore, readThreadTicks());
      const dbCpu = url ? backendCpuSeconds(dbBefore, await backendCpuTicks(handle.prisma)) : null;
      rows.push(report(label, result, cpu, dbCpu, statements, wallMs, rssBeforeMb, url ? "postgres" : embedded === "in memory" ? "pglite (in memory)" : "pglite", loadBefore));
      // Postgres backends flush their table counters at most once a second.
      if (url) await new Promise((resolve) => setTimeout(resolve, 1_500)); // sleep: let the backends' statistics flush
      console.log(`  ${label} CPU by thread: ${threads}`);
      console.log(`  ${label} writes: ${describeWriteCounters(countersBefore, await readWriteCounters(handle.prisma, WRITTEN_TABLES))}`);
      now = new Date(now.getTime() + 15_000);
    }
    printSummaryTable("mesh ingest", rows);
    if (url && !process.env.BENCH_KEEP) await handle.prisma.organization.delete({ where: { id: org.id } });
  } finally {
    await closeHandle(handle);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
