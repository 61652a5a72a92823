// Table growth on the embedded database (PGlite runs no autovacuum): starts what `npm start`
// starts on PGlite — migrations, the example catalog, the demo, every worker — in this
// process, on a throwaway in-memory database, and samples every table's dead and live
// tuples, modifications since ANALYZE and total size (pg_total_relation_size) each
// BENCH_SAMPLE_SECONDS for BENCH_MINUTES. Prints the tables that grew most, first and last
// sample, and one summary table.
//
//   PLUMBLINE_MESH_INTERVAL=5s BENCH_MINUTES=4 npx tsx bench/embedded-maintenance.bench.ts
//
// PLUMBLINE_MESH_INTERVAL also sets the demo's SLO cycle (at most a minute): 5 s makes four
// minutes as much churn as twelve at the default 15 s. PLUMBLINE_EMBEDDED_MAINTENANCE_INTERVAL
// sets the maintenance job's period (server/db/embedded-maintenance.ts).
import os from "node:os";
import pino from "pino";
import { benchRow, printSummaryTable, type TBenchRow } from "./bench-summary.ts";

process.env.PLUMBLINE_DATA_DIR ??= "memory://";
process.env.PLUMBLINE_DEMO ??= "1";
delete process.env.DATABASE_URL;

const MINUTES = Number(process.env.BENCH_MINUTES ?? 4);
const SAMPLE_SECONDS = Number(process.env.BENCH_SAMPLE_SECONDS ?? 30);

interface TTableSample {
  table: string;
  live: number;
  dead: number;
  modSinceAnalyze: number;
  vacuums: number;
  analyzes: number;
  bytes: number;
}

async function main(): Promise<void> {
  const { getDbHandle, getPrisma, closeDb } = await import("@/server/db/client.ts");
  const { ensureMigrated } = await import("@/server/db/ensure-migrated.ts");
  const { seedCatalogOnStart } = await import("@/server/catalog/seed-catalog-on-start.ts");
  const { prepareGateOnStart } = await import("@/server/gate/prepare-gate-on-start.ts");
  const { ensureLocalAdmin } = await import("@/server/identity/ensure-local-admin.ts");
  const { prepareDemoOnStart } = await import("@/server/demo/prepare-demo-on-start.ts");
  const { startWorkers } = await import("@/workers/start-workers.ts");

  const handle = getDbHandle();
  if (handle.config.kind !== "pglite") throw new Error("this bench measures the embedded database");
  await ensureMigrated(handle);
  const quiet = () => {};
  const log = pino({ level: process.env.BENCH_LOG_LEVEL ?? "warn" });
  await seedCatalogOnStart(quiet);
  await prepareGateOnStart(quiet);
  await ensureLocalAdmin(quiet, { demo: true });
  await prepareDemoOnStart(quiet, log);

  const sample = async (): Promise<TTableSample[]> => {
    const rows = await getPrisma().$queryRawUnsafe<
      { table: string; live: bigint; dead: bigint; mod: bigint; vacuums: bigint; analyzes: bigint; bytes: bigint }[]
    >(
      `SELECT schemaname || '.' || relname AS "table", n_live_tup AS live, n_dead_tup AS dead, n_mod_since_analyze AS mod,
              vacuum_count + autovacuum_count AS vacuums, analyze_count + autoanalyze_count AS analyzes,
              pg_total_relation_size(relid) AS bytes
       FROM pg_stat_user_tables`,
    );
    return rows.map((r) => ({
      table: r.table,
      live: Number(r.live),
      dead: Number(r.dead),
      modSinceAnalyze: Number(r.mod),
      vacuums: Number(r.vacuums),
      analyzes: Number(r.analyzes),
      bytes: Number(r.bytes),
    }));
  };

  const cpuStart = process.cpuUsage();
  const first = await sample();
  const workers = await startWorkers(handle, { log, demo: true });
  const series: { atS: number; tables: TTableSample[] }[] = [{ atS: 0, tables: first }];
  const started = Date.now();
  const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 100) / 100;
  const total = (tables: TTableSample[]) => mb(tables.reduce((sum, t) => sum + t.bytes, 0));
  console.log(`t=0s total ${total(first)} MB (${first.length} tables)`);
  while (Date.now() - started < MINUTES * 60_000) {
    // sleep: the bench samples the database at a fixed period while the workers run.
    await new Promise((resolve) => setTimeout(resolve, SAMPLE_SECONDS * 1000));
    const tables = await sample();
    const atS = Math.round((Date.now() - started) / 1000);
    series.push({ atS, tables });
    const dead = tables.reduce((sum, t) => sum + t.dead, 0);
    console.log(`t=${atS}s total ${total(tables)} MB, dead tuples ${dead}, load ${os.loadavg()[0]?.toFixed(1)}`);
  }
  await workers.stop();
  const cpu = process.cpuUsage(cpuStart);

  const last = series.at(-1)?.tables ?? first;
  const startOf = new Map(first.map((t) => [t.table, t]));
  const grown = last
    .map((t) => ({ ...t, grewBy: t.bytes - (startOf.get(t.table)?.bytes ?? 0) }))
    .sort((a, b) => b.grewBy - a.grewBy)
    .slice(0, 12);
  console.log("\n| table | MB at start | MB per sample | dead / live at end | mod since analyze | vacuums | analyzes |");
  console.log("| --- | --- | --- | --- | --- | --- | --- |");
  for (const t of grown) {
    const sizes = series.map((s) => mb(s.tables.find((x) => x.table === t.table)?.bytes ?? 0)).join(" → ");
    console.log(`| ${t.table} | ${mb(startOf.get(t.table)?.bytes ?? 0)} | ${sizes} | ${t.dead} / ${t.live} | ${t.modSinceAnalyze} | ${t.vacuums} | ${t.analyzes} |`);
  }
  const note = `${MINUTES} min, CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, load ${os.loadavg().map((l) => l.toFixed(1)).join("/")}`;
  const rows: TBenchRow[] = [
    benchRow({ what: "database size at start", database: "pglite", value: total(first), unit: "MB" }),
    benchRow({ what: `database size after ${MINUTES} min of the demo`, database: "pglite", value: total(last), unit: "MB", note }),
    benchRow({ what: "dead tuples at end", database: "pglite", value: last.reduce((s, t) => s + t.dead, 0), unit: "rows" }),
  ];
  printSummaryTable("Embedded database table growth", rows);
  await closeDb();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
