import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { childProcessEnv, overrideConfig } from "@/server/config/get-config.ts";
import { parseConfig } from "@/server/config/parse-config.ts";
import { setJobQueue, startJobQueue, stopJobQueue } from "@/server/jobs/job-queue.ts";
import { getMetrics } from "@/server/metrics/plumbline-metrics.ts";
import { newWorkerProcess } from "@/server/system/worker-process.ts";
import { openTestDatabase } from "@/server/testing/test-databases.ts";
import { waitFor } from "@/server/testing/wait-for.ts";
import { embeddedMaintenanceWorker } from "@/workers/embedded-database/embedded-maintenance-worker.ts";
import { getPrisma } from "./client.ts";
import { runEmbeddedMaintenance } from "./embedded-maintenance.ts";

const log = pino({ level: "silent" });
const ROWS = 1_000;

/** A table of ROWS rows, vacuumed and analyzed once so its planner estimate (reltuples) is ROWS. */
async function createProbeTable(name: string): Promise<void> {
  await getPrisma().$executeRawUnsafe(`CREATE TABLE "${name}" (id int PRIMARY KEY, v int NOT NULL)`);
  await getPrisma().$executeRawUnsafe(`INSERT INTO "${name}" SELECT g, 0 FROM generate_series(1, ${ROWS}) g`);
  // The INSERT's counts reach the statistics before the ANALYZE, not after it (where they would count as modified since it).
  await getPrisma().$executeRawUnsafe(`SELECT pg_stat_force_next_flush()`);
  await getPrisma().$executeRawUnsafe(`VACUUM (ANALYZE) "${name}"`);
}

/** Rewrites `rows` rows: as many dead tuples and modifications since ANALYZE. */
async function rewriteRows(name: string, rows: number): Promise<void> {
  await getPrisma().$executeRawUnsafe(`UPDATE "${name}" SET v = v + 1 WHERE id <= ${rows}`);
}

async function counters(name: string): Promise<{ vacuums: number; analyzes: number; dead: number }> {
  await getPrisma().$executeRawUnsafe(`SELECT pg_stat_force_next_flush()`);
  const [row] = await getPrisma().$queryRawUnsafe<{ vacuums: bigint; analyzes: bigint; dead: bigint }[]>(
    `SELECT vacuum_count AS vacuums, analyze_count AS analyzes, n_dead_tup AS dead FROM pg_stat_user_tables WHERE relname = $1`,
    name,
  );
  return { vacuums: Number(row?.vacuums ?? 0), analyzes: Number(row?.analyzes ?? 0), dead: Number(row?.dead ?? 0) };
}

// With 1,000 rows autovacuum's thresholds are: vacuum above 50 + 20 % = 250 dead tuples,
// analyze above 50 + 10 % = 150 modifications since the last ANALYZE.
describe("embedded database maintenance on PGlite", () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;

  beforeAll(async () => {
    db = await openTestDatabase("pglite");
    await createProbeTable("probe_churned");
    await createProbeTable("probe_quiet");
    await createProbeTable("probe_modified");
  });

  afterAll(async () => {
    await db.close();
  });

  it("vacuums and analyzes a table past both thresholds, analyzes one past analyze's only, and leaves one below both alone", async () => {
    await rewriteRows("probe_churned", 300); // 300 dead > 250, 300 modified > 150
    await rewriteRows("probe_modified", 200); // 200 dead ≤ 250, 200 modified > 150
    await rewriteRows("probe_quiet", 100); // 100 dead, 100 modified: below both
    const before = { churned: await counters("probe_churned"), quiet: await counters("probe_quiet"), modified: await counters("probe_modified") };
    expect(before.churned.dead).toBe(300);
    const observed = getMetrics().embeddedMaintenanceDuration;
    const stepsTimed = async () => (await observed.get()).values.filter((v) => v.metricName?.endsWith("_count")).reduce((sum, v) => sum + v.value, 0);
    const timedBefore = await stepsTimed();

    const result = await runEmbeddedMaintenance({ log });

    if (!result.ran) throw new Error(`maintenance did not run: ${result.reason}`);
    const stepsOf = (table: string) => result.steps.filter((step) => step.table === table).map(({ statement, reasons, error }) => ({ statement, reasons, error }));
    // VACUUM and ANALYZE as two statements: what queued behind the first runs before the second.
    expect(stepsOf("public.probe_churned")).toEqual([
      { statement: `VACUUM "public"."probe_churned"`, reasons: ["dead_tuples", "modified"], error: null },
      { statement: `ANALYZE "public"."probe_churned"`, reasons: ["dead_tuples", "modified"], error: null },
    ]);
    expect(stepsOf("public.probe_modified")).toEqual([{ statement: `ANALYZE "public"."probe_modified"`, reasons: ["modified"], error: null }]);
    expect(stepsOf("public.probe_quiet")).toEqual([]);
    const after = { churned: await counters("probe_churned"), quiet: await counters("probe_quiet"), modified: await counters("probe_modified") };
    expect(after.churned).toEqual({ vacuums: before.churned.vacuums + 1, analyzes: before.churned.analyzes + 1, dead: 0 });
    expect(after.modified).toEqual({ vacuums: before.modified.vacuums, analyzes: before.modified.analyzes + 1, dead: 200 });
    expect(after.quiet).toEqual(before.quiet);
    // Every step is timed for /metrics.
    expect(await stepsTimed()).toBe(timedBefore + result.steps.length);

    // Nothing left past a threshold: a second run right after does nothing to them.
    const again = await runEmbeddedMaintenance({ log });
    expect(again.ran && again.steps.map((step) => step.table).filter((table) => table.startsWith("public.probe_"))).toEqual([]);
  });

  it("keeps a table that is rewritten again and again at its size (what the SLO cycle's rows need)", async () => {
    await createProbeTable("probe_rewritten");
    const size = async () => Number((await getPrisma().$queryRawUnsafe<{ bytes: bigint }[]>(`SELECT pg_total_relation_size('probe_rewritten') AS bytes`))[0]?.bytes);
    const created = await size();
    const sizes: number[] = [];
    for (let round = 0; round < 6; round++) {
      await rewriteRows("probe_rewritten", ROWS);
      await runEmbeddedMaintenance({ log });
      sizes.push(await size());
    }
    // Vacuumed after each full rewrite, the next rewrite reuses the freed space: two versions
    // of each row at most (measured: 112 KB created, 168–176 KB over six rewrites; ~7 versions without it).
    expect(Math.max(...sizes)).toBeLessThanOrEqual(2 * created);
  });

  it("runs as a periodic job of the workers every PLUMBLINE_EMBEDDED_MAINTENANCE_INTERVAL", async () => {
    const restoreConfig = overrideConfig(parseConfig(childProcessEnv({ PLUMBLINE_EMBEDDED_MAINTENANCE_INTERVAL: "1s" })));
    const queue = await startJobQueue(db.handle, () => {}, { supervise: false });
    setJobQueue(queue);
    const ctx = { queue, log, demo: false, process: newWorkerProcess() };
    expect(embeddedMaintenanceWorker.isEnabled(ctx)).toBe(true);
    const worker = await embeddedMaintenanceWorker.start(ctx);
    try {
      const before = await counters("probe_churned");
      await rewriteRows("probe_churned", 300);
      await waitFor("the periodic job vacuumed the churned table", async () => (await counters("probe_churned")).vacuums > before.vacuums, { timeoutMs: 30_000 });
      expect((await counters("probe_churned")).dead).toBe(0);
    } finally {
      await worker.stop();
      await stopJobQueue({ graceful: false });
      restoreConfig();
    }
  });
});

describe("embedded database maintenance on Postgres", () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;

  beforeAll(async () => {
    db = await openTestDatabase("postgres");
    await createProbeTable("probe_churned");
  });

  afterAll(async () => {
    await db.close();
  });

  it("does nothing on Postgres, whose autovacuum does this, and the worker stays off", async () => {
    await rewriteRows("probe_churned", 300);
    const before = await counters("probe_churned");
    expect(await runEmbeddedMaintenance({ log })).toEqual({ ran: false, reason: "Postgres runs autovacuum" });
    // Manual VACUUM/ANALYZE counts only (autovacuum's own runs are counted apart): none was issued.
    const after = await counters("probe_churned");
    expect({ vacuums: after.vacuums, analyzes: after.analyzes }).toEqual({ vacuums: before.vacuums, analyzes: before.analyzes });
    const queue = await startJobQueue(db.handle, () => {}, { supervise: false });
    try {
      expect(embeddedMaintenanceWorker.isEnabled({ queue, log, demo: false, process: newWorkerProcess() })).toBe(false);
    } finally {
      await queue.stop({ graceful: false });
    }
  });
});
