// Where one `GET /api/v1/services` page's time goes, without HTTP: the statements
// listServicePage sends for each read-path query (how many, their database time as the
// Prisma client sees it), the request's wall time, the main thread's busy time (JavaScript:
// Prisma, result parsing, mapping) and the process's CPU; then EXPLAIN (ANALYZE, BUFFERS) of
// each statement on the same database, and the bare round trip of `SELECT 1`. On PGlite the
// database runs as `npm start` runs it: a data directory, in a worker thread.
//
//   BENCH_DB=pglite npx tsx bench/service-list-statements.bench.ts
//   BENCH_DB=postgres TEST_DATABASE_URL=... npx tsx bench/service-list-statements.bench.ts
//
// BENCH_REPEAT (default 20) sequential requests per query; BENCH_EXPLAIN=0 skips the plans;
// BENCH_DATA_DIR (PGlite) keeps the seeded data directory there and reuses it on the next run
// (migrated and seeded once; remove it after a schema change).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "@/server/db/generated/client.ts";
import { asPGlite, closeHandle, PGLITE_START_PARAMS, setDbHandle, type DbHandle } from "@/server/db/client.ts";
import { PGliteWorkerClient } from "@/server/db/pglite-worker-client.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { seedLargeOrganization, LARGE_ORGANIZATION_SERVICES } from "@/server/testing/seed-large-organization.ts";
import { listServicePage } from "@/server/catalog/list-services.ts";
import { ZServicePageQuery } from "@/server/catalog/catalog.schemas.ts";
import { openTestDatabase } from "@/server/testing/test-databases.ts";
import { migratePGliteDataDirInChildProcess } from "./migrate-in-child-process.ts";
import { benchRow, printSummaryTable, type TBenchRow } from "./bench-summary.ts";

const KIND = process.env.BENCH_DB === "postgres" ? "postgres" : "pglite";
const REPEAT = Number(process.env.BENCH_REPEAT ?? 20);
const EXPLAIN = process.env.BENCH_EXPLAIN !== "0";

interface TStatement {
  query: string;
  params: string;
  durationMs: number;
}

async function openDatabase(): Promise<{ handle: DbHandle; log: TStatement[]; seeded: boolean; close: () => Promise<void> }> {
  const log: TStatement[] = [];
  const logged = (adapter: PrismaPg | PrismaPGlite) => {
    const prisma = new PrismaClient({ adapter, log: [{ emit: "event", level: "query" }] });
    prisma.$on("query", (event) => log.push({ query: event.query, params: event.params, durationMs: event.duration }));
    return prisma;
  };
  if (KIND === "postgres") {
    // A database of its own on the test server, migrated (dropped at the end).
    const db = await openTestDatabase("postgres");
    await closeHandle(db.handle);
    const url = db.url ?? "";
    const handle: DbHandle = { prisma: logged(new PrismaPg({ connectionString: url, max: 10 })), config: { kind: "postgres", url }, pglite: null };
    return { handle, log, seeded: false, close: async () => (await handle.prisma.$disconnect(), await db.close()) };
  }
  const kept = process.env.BENCH_DATA_DIR;
  const dataDir = kept ?? fs.mkdtempSync(path.join(os.tmpdir(), "plumbline-bench-pglite-"));
  const seeded = kept !== undefined && fs.existsSync(path.join(kept, "PG_VERSION"));
  if (!seeded) migratePGliteDataDirInChildProcess(dataDir);
  const worker = new PGliteWorkerClient({ dataDir, startParams: PGLITE_START_PARAMS });
  await worker.waitReady;
  const handle: DbHandle = { prisma: logged(new PrismaPGlite(asPGlite(worker))), config: { kind: "pglite", dataDir }, pglite: worker };
  const close = async () => {
    await worker.close();
    if (!kept) fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return { handle, log, seeded, close };
}

const QUERIES: { title: string; search: Record<string, string> }[] = [
  { title: "first page", search: {} },
  { title: "4th page (cursor)", search: { page: "4" } },
  { title: "?q=checkout&sort=dependents&order=desc", search: { q: "checkout", sort: "dependents", order: "desc" } },
  { title: "?sort=dependents&order=desc", search: { sort: "dependents", order: "desc" } },
  { title: "?sort=dependents, 4th page (cursor)", search: { sort: "dependents", page: "4" } },
  { title: "?q=svc-4242", search: { q: "svc-4242" } },
  { title: "?team=team-7", search: { team: "team-7" } },
  { title: "?status=breached", search: { status: "breached" } },
  { title: "?sort=team", search: { sort: "team" } },
  { title: "?sort=budget", search: { sort: "budget" } },
  { title: "limit=200", search: { limit: "200" } },
];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function main(): Promise<void> {
  const started = Date.now();
  const { handle, log, seeded, close } = await openDatabase();
  setDbHandle(handle);
  const rows: TBenchRow[] = [];
  try {
    const organization = await upsertOrganization("default", "Bench");
    if (!seeded) await seedLargeOrganization(organization.id, LARGE_ORGANIZATION_SERVICES);
    console.log(`${seeded ? "Reused" : "Seeded"} ${LARGE_ORGANIZATION_SERVICES} services on ${KIND} in ${((Date.now() - started) / 1000).toFixed(1)} s; load ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);

    // The bare round trip: Prisma's raw query of SELECT 1.
    for (let i = 0; i < 20; i++) await handle.prisma.$queryRaw`SELECT 1`;
    const pingWalls: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t = performance.now();
      await handle.prisma.$queryRaw`SELECT 1`;
      pingWalls.push(performance.now() - t);
    }
    console.log(`SELECT 1 through Prisma: median ${median(pingWalls).toFixed(2)} ms wall`);

    for (const { title, search } of QUERIES) {
      const { page, ...params } = search;
      const query = ZServicePageQuery.parse(params);
      // The cursor of the page asked for, read like a client would.
      for (let p = 1; p < Number(page ?? 1); p++) {
        const previous = await listServicePage(organization.id, query);
        query.cursor = previous.nextCursor ?? undefined;
      }
      for (let i = 0; i < 3; i++) await listServicePage(organization.id, query); // warm: plans, caches
      const walls: number[] = [];
      const dbMs: number[] = [];
      const busyMs: number[] = [];
      const cpuMs: number[] = [];
      let statements = 0;
      let bytes = 0;
      let last: TStatement[] = [];
      for (let i = 0; i < REPEAT; i++) {
        log.length = 0;
        const elu = performance.eventLoopUtilization();
        const cpu = process.cpuUsage();
        const t = performance.now();
        const result = await listServicePage(organization.id, query);
        walls.push(performance.now() - t);
        const used = process.cpuUsage(cpu);
        cpuMs.push((used.user + used.system) / 1000);
        busyMs.push(performance.eventLoopUtilization(elu).active);
        dbMs.push(log.reduce((sum, s) => sum + s.durationMs, 0));
        statements = log.length;
        bytes = JSON.stringify(result).length;
        last = [...log];
      }
      const note = `${statements} statements, database ${median(dbMs).toFixed(1)} ms, main thread busy ${median(busyMs).toFixed(1)} ms, process CPU ${median(cpuMs).toFixed(1)} ms, ${(bytes / 1024).toFixed(1)} KB; load ${os.loadavg()[0]?.toFixed(1)}`;
      rows.push(benchRow({ what: `listServicePage ${title}, wall (median of ${REPEAT})`, database: KIND, value: Number(median(walls).toFixed(1)), unit: "ms", note }));
      console.log(`\n### ${title}: ${median(walls).toFixed(1)} ms wall; ${note}`);
      if (!EXPLAIN) continue;
      for (const statement of last) {
        const values = JSON.parse(statement.params) as unknown[];
        const plan = await handle.prisma.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN (ANALYZE, BUFFERS) ${statement.query}`, ...values);
        log.length = 0;
        console.log(`-- ${statement.durationMs} ms through Prisma:\n${statement.query.replace(/\s+/g, " ").slice(0, 300)}\n${plan.map((r) => r["QUERY PLAN"]).join("\n")}`);
      }
    }
  } finally {
    await close();
  }
  printSummaryTable(`Service list statements on ${KIND}, ${LARGE_ORGANIZATION_SERVICES} services`, rows);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
