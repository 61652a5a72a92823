import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { overrideConfig } from "@/server/config/get-config.ts";
import { parseConfig } from "@/server/config/parse-config.ts";
import { asPGlite, getDbHandle, PGLITE_START_PARAMS, setDbHandle, type DbHandle } from "@/server/db/client.ts";
import { PrismaClient } from "@/server/db/generated/client.ts";
import { PGliteWorkerClient } from "@/server/db/pglite-worker-client.ts";
import { openTestDatabase } from "@/server/testing/test-databases.ts";
import { checkHealth } from "./check-health.ts";

// The embedded database has one connection: every statement waits its turn, first come first
// served. Health must neither queue behind the reads (it answered 0-5 req/s under read load)
// nor call a database that answers nothing healthy.

/** Enough work to keep PGlite's one connection busy for a while: each statement is a real scan. */
const READ = "SELECT count(*)::int AS n FROM generate_series(1, 200000)";

describe("checkHealth on the embedded database (one connection)", () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let restoreConfig: () => void = () => undefined;
  const configure = (env: Record<string, string>) => {
    restoreConfig();
    restoreConfig = overrideConfig(parseConfig(env));
  };

  beforeAll(async () => {
    db = await openTestDatabase("pglite");
  });
  afterEach(() => {
    restoreConfig();
    restoreConfig = () => undefined;
    setDbHandle(db.handle);
  });
  afterAll(async () => {
    await db.close();
  });

  const embedded = () => {
    const pglite = db.handle.pglite;
    if (!pglite) throw new Error("the test database is not the embedded one");
    return pglite;
  };

  /** Queues `count` reads; `done()` says how many have answered so far. */
  const queueReads = (count: number) => {
    let answered = 0;
    const all = Promise.all(Array.from({ length: count }, () => embedded().query(READ).then(() => (answered += 1))));
    return { all, done: () => answered };
  };

  it("answers at once while reads queue, on the proof of a statement answered just now", async () => {
    await embedded().query("SELECT 1");
    const reads = queueReads(8);
    const health = await checkHealth();
    const answeredBefore = reads.done();
    await reads.all;
    expect(health).toEqual({ ok: true, database: "pglite" });
    expect(answeredBefore).toBe(0);
  });

  it("with no recent answer, takes the first read to answer as proof instead of waiting for its own ping at the back of the queue", async () => {
    // Proof must be fresh to the millisecond: the check has to wait for an answer.
    configure({ PLUMBLINE_HEALTH_EMBEDDED_PROOF: "1ms", PLUMBLINE_HEALTH_DATABASE_TIMEOUT: "60s" });
    const reads = queueReads(8);
    const health = await checkHealth();
    const answeredBefore = reads.done();
    await reads.all;
    expect(health).toEqual({ ok: true, database: "pglite" });
    // Queued behind the reads (a ping of its own) it would have seen all 8 answer first.
    expect(answeredBefore).toBeLessThanOrEqual(1);
  });

  /** A worker of its own installed as the process's database, closed afterwards (the shared one must stay usable). */
  const withOwnWorker = async (options: { heapMb?: number }, run: (worker: PGliteWorkerClient) => Promise<void>) => {
    const worker = new PGliteWorkerClient({
      dataDir: null,
      startParams: PGLITE_START_PARAMS,
      ...(options.heapMb ? { resourceLimits: { maxOldGenerationSizeMb: options.heapMb } } : {}),
    });
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(asPGlite(worker)) });
    const handle: DbHandle = { prisma, config: { kind: "pglite", dataDir: "memory://" }, pglite: worker };
    try {
      await worker.waitReady;
      setDbHandle(handle);
      await run(worker);
    } finally {
      await prisma.$disconnect();
      await worker.close();
    }
  };

  it("reports the database down while a statement holds it past the timeout, and up again once it answers", async () => {
    configure({ PLUMBLINE_HEALTH_DATABASE_TIMEOUT: "200ms" });
    await withOwnWorker({}, async (worker) => {
      // A statement that holds the one connection ten times longer than health waits: a stuck
      // database to its callers. Nothing answered before it on this worker, so nothing proves it up.
      const stuck = worker.query("SELECT pg_sleep(2)");
      expect(await checkHealth()).toEqual({ ok: false, database: "pglite", error: "database not answering" });
      await stuck;
      expect(await checkHealth()).toEqual({ ok: true, database: "pglite" });
    });
  });

  it("reports the database unreachable once its worker thread has died, however recently it answered", async () => {
    // A 32 MB JavaScript heap: a result of a few hundred megabytes of text kills the worker (as in pglite-worker-client's tests).
    await withOwnWorker({ heapMb: 32 }, async (worker) => {
      await worker.query("SELECT 1");
      expect(await checkHealth()).toEqual({ ok: true, database: "pglite" });
      await expect(worker.query("SELECT repeat('x', 1000000) FROM generate_series(1, 400)")).rejects.toThrow(/worker thread/);
      expect(getDbHandle().pglite?.closed).toBe(true);
      expect(await checkHealth()).toEqual({ ok: false, database: "pglite", error: "database unreachable" });
    });
  });
});

describe("checkHealth on Postgres", () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let restoreConfig: () => void = () => undefined;

  beforeAll(async () => {
    db = await openTestDatabase("postgres");
  });
  afterAll(async () => {
    restoreConfig();
    await db.close();
  });

  it("gives up after the timeout while no connection answers, and is up again once one does", async () => {
    const pool = db.handle.pool;
    if (!pool) throw new Error("the Postgres test handle has no pool");
    // With the default timeout: the first check opens a connection (and Prisma prepares its statement).
    expect(await checkHealth()).toEqual({ ok: true, database: "postgres" });
    restoreConfig = overrideConfig(parseConfig({ PLUMBLINE_HEALTH_DATABASE_TIMEOUT: "200ms" }));
    // Every connection of the pool held ten times longer than health waits: its ping cannot start.
    const held = Promise.all(Array.from({ length: pool.options.max ?? 10 }, () => pool.query("SELECT pg_sleep(2)")));
    expect(await checkHealth()).toEqual({ ok: false, database: "postgres", error: "database not answering" });
    await held;
    restoreConfig();
    restoreConfig = () => undefined;
    expect(await checkHealth()).toEqual({ ok: true, database: "postgres" });
  });
});
