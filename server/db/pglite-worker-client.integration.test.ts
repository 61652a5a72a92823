import fs from "node:fs";
import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setBackgroundThreadNice } from "@/server/runtime/background-thread-priority.ts";
import { countEventLoopTurnsDuring } from "@/server/testing/count-event-loop-turns.ts";
import { messages, PGlite, TransactionAbortedError, types, type ParserOptions } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "@/server/db/generated/client.ts";
import { isUniqueViolation } from "@/server/gate/gate.repository.ts";
import { waitFor } from "@/server/testing/wait-for.ts";
import { asPGlite, PGLITE_START_PARAMS } from "./client.ts";
import { PGLITE_EXTENSIONS } from "./pglite-extensions.ts";
import { PGliteWorkerClient } from "./pglite-worker-client.ts";
import { withBackgroundStatements } from "./statement-priority.ts";
import type { TReply, TRequest } from "./pglite-worker-protocol.ts";

// Every type the app stores or reads, in both of PGlite's row modes; arrays with NULLs,
// quotes and commas; values past 2^53; special timestamps. Created after the database
// opened (the enum), as migrations do.
const SETUP = `
  CREATE TYPE mood AS ENUM ('ok', 'sad, "very"');
  CREATE TABLE t (id int PRIMARY KEY, name text UNIQUE, at timestamptz);
`;
const ROUND_TRIP = `
  SELECT 1::int2 AS i2, 2147483647::int4 AS i4, 9007199254740993::int8 AS big, 42::int8 AS small_big,
         12345678901234567890.123456789::numeric AS num, 1.5::float4 AS f4, 0.1::float8 AS f8, 'NaN'::float8 AS nan,
         true AS yes, false AS no, 'tëxt ☃'::text AS txt, 'v'::varchar(3) AS vc, 'c'::char(3) AS ch, 42::oid AS an_oid,
         '{"a": [1, 2.5, null], "b": {"c": "d"}, "big": 12345678901234567890}'::json AS js,
         '{"a": [1, 2.5, null], "b": {"c": "d"}}'::jsonb AS jsb, 'null'::jsonb AS jsnull,
         '2026-12-05'::date AS d, '2026-12-05 06:07:08.123456'::timestamp AS ts,
         '2026-12-05 06:07:08.123+02'::timestamptz AS tstz, 'infinity'::timestamptz AS inf, '-infinity'::timestamp AS ninf,
         '06:07:08'::time AS tm, '1 day 02:03:04'::interval AS iv,
         '\\x00ff10'::bytea AS bytes, ''::bytea AS no_bytes, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS id,
         ARRAY[1, NULL, 3]::int4[] AS ints, ARRAY[9007199254740993, NULL]::int8[] AS bigs, ARRAY['a', NULL, 'b,c', 'd"e', 'NULL', '']::text[] AS texts,
         ARRAY['{"x":1}', '[2]']::jsonb[] AS jsons, ARRAY['\\x01'::bytea, NULL] AS byteas, ARRAY[true, false, NULL] AS bools,
         ARRAY['2026-12-05 06:07:08+00'::timestamptz] AS tstzs, ARRAY[1.5, NULL]::numeric[] AS nums, ARRAY[[1, 2], [3, 4]]::int[] AS matrix,
         ARRAY['ok', 'sad, "very"']::mood[] AS moods, 'ok'::mood AS one_mood, '{}'::text[] AS empty,
         NULL::text AS null_text, NULL::int8 AS null_big, NULL::jsonb AS null_json, NULL::int[] AS null_array`;

/** Parsers shaped like the Prisma adapter's (it keeps int8, numeric and JSON as text and rewrites timestamps). */
const CALLER_PARSERS: ParserOptions = {
  [types.INT8]: (value: string) => value,
  [types.NUMERIC]: (value: string) => value,
  [types.JSON]: (value: string) => value,
  [types.JSONB]: (value: string) => value,
  [types.TIMESTAMPTZ]: (value: string) => value.replace(" ", "T"),
  1016: (value: string) => types.arrayParser(value, (element) => `big:${element}`, 1016),
};

describe("the embedded database in a worker thread (PGliteWorkerClient)", () => {
  let inProcess: PGlite;
  let worker: PGliteWorkerClient;

  beforeAll(async () => {
    inProcess = new PGlite({ extensions: PGLITE_EXTENSIONS, startParams: PGLITE_START_PARAMS });
    worker = new PGliteWorkerClient({ dataDir: null, startParams: PGLITE_START_PARAMS });
    await Promise.all([inProcess.exec(SETUP), worker.exec(SETUP)]);
  });
  afterAll(async () => {
    await Promise.all([inProcess.close(), worker.close()]);
  });

  it("returns every type exactly as PGlite does in-process, in object and array rows, with and without the caller's parsers", async () => {
    for (const options of [undefined, { rowMode: "array" as const }, { rowMode: "array" as const, parsers: CALLER_PARSERS }, { parsers: CALLER_PARSERS }]) {
      const expected = await inProcess.query(ROUND_TRIP, [], options);
      const actual = await worker.query(ROUND_TRIP, [], options);
      expect(actual).toEqual(expected);
    }
    const [row] = (await worker.query<Record<string, unknown>>(ROUND_TRIP)).rows;
    // The values that could silently change on the way: exact types, not only equal-looking ones.
    expect(row?.["big"]).toBe(9007199254740993n);
    expect(row?.["small_big"]).toBe(42);
    expect(row?.["num"]).toBe("12345678901234567890.123456789");
    expect(row?.["tstz"]).toEqual(new Date("2026-12-05T04:07:08.123Z"));
    expect(row?.["inf"]).toBe(Infinity);
    expect(row?.["bytes"]).toEqual(new Uint8Array([0, 255, 16]));
    expect(row?.["jsb"]).toEqual({ a: [1, 2.5, null], b: { c: "d" } });
    expect(row?.["texts"]).toEqual(["a", null, "b,c", 'd"e', "NULL", ""]);
    expect(row?.["null_array"]).toBeNull();
  });

  it("serializes parameters as PGlite does: bigint, Date, bytes, JSON, arrays and NULL", async () => {
    const sql = `SELECT $1::int8 AS big, $2::timestamptz AS at, $3::bytea AS bytes, $4::jsonb AS js, $5::text[] AS texts, $6::text AS nothing, $7::bool AS flag, $8::numeric AS num`;
    const params = [2n ** 62n, new Date("2026-12-05T06:07:08.123Z"), Buffer.from([1, 2, 3]), { a: [1, "two"] }, ["x", "y,z", null], null, "true", "1.25"];
    expect(await worker.query(sql, params)).toEqual(await inProcess.query(sql, params));
  });

  it("answers another thread's port with text rows, and refuses anything but a statement outside transactions on it", async () => {
    const port = worker.openPort();
    try {
      const replies: TReply[] = [];
      port.on("message", (reply: TReply) => replies.push(reply));
      const query: TRequest = { type: "query", id: 1, txId: null, sql: "SELECT $1::int + 1 AS n, NULL::text AS nothing", params: ["41"], options: {} };
      const begin: TRequest = { type: "begin", id: 2, txId: 7 };
      port.postMessage(query);
      port.postMessage(begin);
      await waitFor("both replies on the port", () => replies.length === 2);
      expect(replies.find((r) => "id" in r && r.id === 1)).toMatchObject({ type: "result", value: { rows: [["42", null]] } });
      expect(replies.find((r) => "id" in r && r.id === 2)).toMatchObject({ type: "error", error: { message: expect.stringContaining("outside transactions only") } });
      // The main thread's own calls are unaffected.
      expect((await worker.query<{ n: number }>("SELECT 2 AS n")).rows).toEqual([{ n: 2 }]);
    } finally {
      port.close();
    }
  });

  it("returns multi-statement exec results as PGlite does", async () => {
    const script = `CREATE TEMP TABLE e (v int); INSERT INTO e VALUES (1), (2); UPDATE e SET v = v + 1; SELECT v, 'x' AS s FROM e ORDER BY v; DROP TABLE e;`;
    expect(await worker.exec(script)).toEqual(await inProcess.exec(script));
  });

  it("throws PGlite's DatabaseError with every field (code, detail, constraint, position) and the query attached", async () => {
    await worker.query("INSERT INTO t (id, name) VALUES (1, 'one')");
    await inProcess.query("INSERT INTO t (id, name) VALUES (1, 'one')");
    const insert = "INSERT INTO t (id, name) VALUES ($1, $2)";
    const fromWorker = await worker.query(insert, [2, "one"]).catch((error: unknown) => error);
    const fromInProcess = await inProcess.query(insert, [2, "one"]).catch((error: unknown) => error);
    expect(fromWorker).toBeInstanceOf(messages.DatabaseError);
    expect(fromWorker).toMatchObject({ code: "23505", detail: "Key (name)=(one) already exists.", constraint: "t_name_key", table: "t", query: insert, params: [2, "one"] });
    const fields = ["message", "code", "detail", "severity", "constraint", "table", "schema", "routine", "name", "length"] as const;
    const pick = (error: unknown) => Object.fromEntries(fields.map((f) => [f, (error as Record<string, unknown>)[f]]));
    expect(pick(fromWorker)).toEqual(pick(fromInProcess));
    const syntax = await worker.query("SELEC 1").catch((error: unknown) => error);
    expect(syntax).toMatchObject({ code: "42601", position: "1" });
    // The database is usable after an error.
    expect((await worker.query("SELECT count(*)::int AS n FROM t")).rows).toEqual([{ n: 1 }]);
  });

  it("gives Prisma the same answers and the same unique-violation error as the in-process adapter", async () => {
    const viaWorker = new PrismaClient({ adapter: new PrismaPGlite(asPGlite(worker)) });
    const viaInProcess = new PrismaClient({ adapter: new PrismaPGlite(inProcess) });
    try {
      const sql = `SELECT 9007199254740993::int8 AS big, 1.50::numeric AS num, '{"a":1}'::jsonb AS js, '2026-12-05 06:07:08.5+00'::timestamptz AS at,
                          '\\x0102'::bytea AS bytes, ARRAY[1,2]::int8[] AS bigs, NULL::text AS nothing, 'ok'::text AS txt`;
      expect(await viaWorker.$queryRawUnsafe(sql)).toEqual(await viaInProcess.$queryRawUnsafe(sql));
      const duplicate = await viaWorker.$executeRawUnsafe("INSERT INTO t (id, name) VALUES (3, 'one')").catch((error: unknown) => error);
      expect(isUniqueViolation(duplicate)).toBe(true);
    } finally {
      await Promise.all([viaWorker.$disconnect(), viaInProcess.$disconnect()]);
    }
  });

  it("runs a transaction's statements in order while other callers wait for its end", async () => {
    await worker.query("DELETE FROM t");
    const seen: string[] = [];
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    let outside: Promise<unknown> | null = null;
    const transaction = worker.transaction(async (tx) => {
      await tx.query("INSERT INTO t (id, name) VALUES (10, 'ten')");
      // Another caller, outside the transaction: it must wait for the commit.
      outside = worker.query<{ n: number }>("SELECT count(*)::int AS n FROM t").then((r) => (seen.push("outside"), r.rows[0]?.n));
      // Sent after the outside read: answered first all the same, because the outside read waits on the transaction.
      const inside = await tx.query<{ n: number }>("SELECT count(*)::int AS n FROM t");
      seen.push(`inside ${inside.rows[0]?.n}`);
      await released;
      await tx.query("INSERT INTO t (id, name) VALUES (11, 'eleven')");
      return "committed";
    });
    await waitFor("the transaction's read", () => seen.includes("inside 1"));
    expect(seen).toEqual(["inside 1"]);
    release();
    expect(await transaction).toBe("committed");
    expect(await outside).toBe(2);
    expect(seen).toEqual(["inside 1", "outside"]);
  });

  it("rolls back when the callback throws or calls rollback, and refuses statements on a closed transaction", async () => {
    await worker.query("DELETE FROM t");
    const failure = await worker
      .transaction(async (tx) => {
        await tx.query("INSERT INTO t (id) VALUES (20)");
        throw new Error("changed my mind");
      })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ message: "changed my mind" });
    let closedTx: { query: (sql: string) => Promise<unknown>; closed: boolean } | null = null;
    await worker.transaction(async (tx) => {
      await tx.query("INSERT INTO t (id) VALUES (21)");
      await tx.rollback();
      closedTx = tx;
    });
    expect(closedTx?.["closed"]).toBe(true);
    await expect(closedTx!.query("SELECT 1")).rejects.toThrow("Transaction is closed");
    // A COMMIT of a transaction that failed inside rolls back: PGlite's TransactionAbortedError.
    const aborted = await worker
      .transaction(async (tx) => {
        await tx.query("INSERT INTO t (id) VALUES (22)");
        await tx.query("SELECT 1/0").catch(() => undefined);
      })
      .catch((error: unknown) => error);
    expect(aborted).toBeInstanceOf(TransactionAbortedError);
    expect((await worker.query("SELECT count(*)::int AS n FROM t")).rows).toEqual([{ n: 0 }]);
  });

  it("runs a pipelined transaction whole: commits when every statement succeeds, else keeps nothing and throws the first statement's error", async () => {
    await worker.query("DELETE FROM t");
    // Posted together with BEGIN and COMMIT; a read sent meanwhile from outside waits for the commit.
    const committed = worker.pipelinedTransaction([
      { sql: "INSERT INTO t (id, name) VALUES ($1, $2)", params: [30, "thirty"] },
      { sql: "INSERT INTO t (id, name) SELECT id + 1, name || '+1' FROM t WHERE id = $1", params: [30] },
      { sql: "SELECT count(*)::int AS n FROM t", params: [] },
    ]);
    const outside = worker.query<{ n: number }>("SELECT count(*)::int AS n FROM t");
    const results = await committed;
    expect(results.map((r) => r.affectedRows)).toEqual([1, 1, 0]);
    expect(results[2]?.rows).toEqual([{ n: 2 }]);
    expect((await outside).rows).toEqual([{ n: 2 }]);
    const failure = await worker
      .pipelinedTransaction([
        { sql: "INSERT INTO t (id, name) VALUES ($1, $2)", params: [40, "forty"] },
        { sql: "INSERT INTO t (id, name) VALUES ($1, $2)", params: [41, "thirty"] },
        { sql: "INSERT INTO t (id, name) VALUES ($1, $2)", params: [42, "forty-two"] },
      ])
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(messages.DatabaseError);
    expect(failure).toMatchObject({ code: "23505", constraint: "t_name_key" });
    expect((await worker.query<{ id: number }>("SELECT id FROM t ORDER BY id")).rows).toEqual([{ id: 30 }, { id: 31 }]);
  });

  it("keeps this thread's event loop turning while a statement runs (in-process, PGlite holds it to the end)", async () => {
    const HEAVY = "SELECT count(*)::int AS n FROM generate_series(1, 3000000)";
    const turnsDuring = async (run: () => Promise<unknown>) => (await countEventLoopTurnsDuring(run)).turns;
    expect(await turnsDuring(() => inProcess.query(HEAVY))).toBe(0);
    expect(await turnsDuring(() => worker.query(HEAVY))).toBeGreaterThan(100);
  });

  it("reports the worker's wasm memory and heap (its share of the process's RSS)", async () => {
    const memory = await worker.memory();
    expect(memory.wasmBytes).toBeGreaterThan(32 * 1024 * 1024);
    expect(memory.heapUsedBytes).toBeGreaterThan(0);
    expect(memory.heapTotalBytes).toBeGreaterThanOrEqual(memory.heapUsedBytes);
  });

  it("keeps no statement times unless asked to", async () => {
    expect(await worker.statementTimes(10, false)).toBeNull();
  });

  it("delivers LISTEN notifications and stops after unlisten", async () => {
    const payloads: string[] = [];
    const unlisten = await worker.listen("jobs", (payload) => payloads.push(payload));
    await worker.query("SELECT pg_notify('jobs', 'first')");
    await waitFor("the notification", () => payloads.includes("first"));
    await unlisten();
    await worker.query("SELECT pg_notify('jobs', 'second')");
    // A round trip after the NOTIFY: a notification still delivered would have arrived before its answer.
    await worker.query("SELECT 1");
    expect(payloads).toEqual(["first"]);
  });
});

describe("who runs next on the embedded database", () => {
  /** Holds the database with a background transaction, queues `queue()`'s statements behind it, then lets go; the order they were answered in. */
  async function answeredAfterHold(worker: PGliteWorkerClient, queue: (answered: (name: string) => () => void) => Promise<unknown>[] | Promise<Promise<unknown>[]>): Promise<string[]> {
    const order: string[] = [];
    let letGo: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (letGo = resolve));
    let holding: () => void = () => undefined;
    const isHolding = new Promise<void>((resolve) => (holding = resolve));
    const holder = withBackgroundStatements(() =>
      worker.transaction(async (tx) => {
        await tx.query("SELECT 1");
        holding();
        await held;
        await tx.query("SELECT 2");
      }),
    );
    await isHolding;
    const queued = await queue((name) => () => order.push(name));
    letGo();
    await Promise.all([holder, ...queued]);
    return order;
  }

  it("answers a normal statement before the background ones that waited longer, and keeps arrival order within each", async () => {
    const worker = new PGliteWorkerClient({ dataDir: null, startParams: PGLITE_START_PARAMS, backgroundMaxWaitMs: 60_000 });
    try {
      const order = await answeredAfterHold(worker, (answered) => [
        withBackgroundStatements(() => worker.query("SELECT 'export chunk 1'")).then(answered("background 1")),
        withBackgroundStatements(() => worker.query("SELECT 'page read'")).then(answered("background 2")),
        worker.query("SELECT 'gate read'").then(answered("normal 1")),
        // A transaction waits for its turn by its BEGIN's priority, and then holds it to its end.
        worker.transaction((tx) => tx.query("SELECT 'gate write'")).then(answered("normal transaction")),
        worker.exec("SELECT 'gate exec'").then(answered("normal 2")),
      ]);
      expect(order).toEqual(["normal 1", "normal transaction", "normal 2", "background 1", "background 2"]);
    } finally {
      await worker.close();
    }
  });

  it("lets a background statement go in arrival order once it has waited its longest", async () => {
    const worker = new PGliteWorkerClient({ dataDir: null, startParams: PGLITE_START_PARAMS, backgroundMaxWaitMs: 0 });
    try {
      const order = await answeredAfterHold(worker, (answered) => [
        withBackgroundStatements(() => worker.query("SELECT 'export chunk'")).then(answered("background")),
        worker.query("SELECT 'gate read'").then(answered("normal")),
      ]);
      expect(order).toEqual(["background", "normal"]);
    } finally {
      await worker.close();
    }
  });

  it("tells how long each statement outside a transaction, and each BEGIN, waited for its turn, with its priority", async () => {
    const waits: [string, number][] = [];
    const worker = new PGliteWorkerClient({ dataDir: null, startParams: PGLITE_START_PARAMS, backgroundMaxWaitMs: 60_000, onTurnWait: (priority, ms) => waits.push([priority, ms]) });
    try {
      await worker.query("SELECT 1");
      expect(waits.map(([priority]) => priority)).toEqual(["normal"]);
      waits.length = 0;
      await answeredAfterHold(worker, async (answered) => {
        const queued = [worker.query("SELECT 'gate read'").then(answered("normal")), withBackgroundStatements(() => worker.query("SELECT 'page read'")).then(answered("background"))];
        // sleep: the database stays held 100 ms, so that the two queued statements' waits are measurably that long.
        await new Promise((resolve) => setTimeout(resolve, 100));
        return queued;
      });
      // The holder's BEGIN (at once), then the two that waited; the holder's own statements took no turn.
      expect(waits.map(([priority]) => priority)).toEqual(["background", "normal", "background"]);
      expect(waits[0]?.[1]).toBeLessThan(90);
      expect(waits[1]?.[1]).toBeGreaterThanOrEqual(90);
      expect(waits[2]?.[1]).toBeGreaterThanOrEqual(90);
    } finally {
      await worker.close();
    }
  });

  it("runs another thread's port statements in the background", async () => {
    const worker = new PGliteWorkerClient({ dataDir: null, startParams: PGLITE_START_PARAMS, backgroundMaxWaitMs: 60_000 });
    const port = worker.openPort();
    try {
      const order = await answeredAfterHold(worker, async (answered) => {
        const fromPort = new Promise<void>((resolve) => {
          port.once("message", () => resolve());
          port.postMessage({ type: "query", id: 1, txId: null, sql: "SELECT 'export chunk'", params: [], options: {} } satisfies TRequest);
        }).then(answered("port"));
        // sleep: two ports do not order their messages between them; 50 ms lets the port's request
        // reach the worker first, so that arrival order alone would answer it first.
        await new Promise((resolve) => setTimeout(resolve, 50));
        return [fromPort, worker.query("SELECT 'gate read'").then(answered("normal"))];
      });
      expect(order).toEqual(["normal", "port"]);
    } finally {
      port.close();
      await worker.close();
    }
  });
});

describe("when the embedded database's worker thread dies", () => {
  it("fails every pending and later call with the reason, tells onCrash once, and never hangs", async () => {
    const crashes: Error[] = [];
    // A 32 MB JavaScript heap: a result of a few hundred megabytes of text cannot be decoded in it.
    const worker = new PGliteWorkerClient({ dataDir: null, startParams: PGLITE_START_PARAMS, onCrash: (error) => crashes.push(error), resourceLimits: { maxOldGenerationSizeMb: 32 } });
    try {
      await worker.waitReady;
      const huge = worker.query("SELECT repeat('x', 1000000) FROM generate_series(1, 400)");
      const queued = worker.query("SELECT 1");
      await expect(huge).rejects.toThrow(/worker thread/);
      await expect(queued).rejects.toThrow(/worker thread/);
      await expect(worker.query("SELECT 1")).rejects.toThrow(/worker thread/);
      expect(worker.closed).toBe(true);
      expect(crashes).toHaveLength(1);
    } finally {
      await worker.close();
    }
  });

  it("reports a database that cannot open on every call instead of hanging", async () => {
    const worker = new PGliteWorkerClient({ dataDir: null, startParams: ["-c", "no_such_setting=1"] });
    try {
      await expect(worker.waitReady).rejects.toThrow();
      await expect(worker.query("SELECT 1")).rejects.toThrow();
    } finally {
      await worker.close();
    }
  });

  it("keeps each statement's time on the database by statement shape when asked to, transactions' statements too", async () => {
    const profiled = new PGliteWorkerClient({ dataDir: null, startParams: PGLITE_START_PARAMS, profileStatements: true });
    try {
      await profiled.query("SELECT pg_sleep(0.02) WHERE 1 IN ($1, $2)", [1, 2]);
      await profiled.query("SELECT pg_sleep(0.02) WHERE 1 IN ($1, $2, $3)", [1, 2, 3]);
      await profiled.transaction(async (tx) => {
        await tx.query("SELECT 42");
      });
      const times = await profiled.statementTimes(10, true);
      const sleep = times?.top.find((entry) => entry.sql === "SELECT pg_sleep(0.02) WHERE 1 IN ($n)");
      expect(sleep?.count).toBe(2);
      expect(sleep?.totalMs).toBeGreaterThanOrEqual(40);
      expect(times?.top.find((entry) => entry.sql === "SELECT 42")?.count).toBe(1);
      // reset: a new profile from here
      expect((await profiled.statementTimes(10, false))?.statements).toBe(0);
    } finally {
      await profiled.close();
    }
  });

  it("refuses calls after close", async () => {
    const worker = new PGliteWorkerClient({ dataDir: null, startParams: PGLITE_START_PARAMS });
    await worker.query("SELECT 1");
    await worker.close();
    expect(worker.closed).toBe(true);
    await expect(worker.query("SELECT 1")).rejects.toThrow("closed");
  });

  it("starts its thread at the process's background nice value, leaving the event loop's", async () => {
    if (process.platform !== "linux") return;
    const niceOfThreads = () =>
      fs.readdirSync("/proc/self/task").map((task) => {
        const stat = fs.readFileSync(`/proc/self/task/${task}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
      });
    const mainNice = os.getPriority(process.pid);
    const before = niceOfThreads().filter((n) => n === mainNice + 3).length;
    setBackgroundThreadNice(3);
    const worker = new PGliteWorkerClient({ dataDir: null, startParams: PGLITE_START_PARAMS });
    try {
      await worker.query("SELECT 1");
      expect(niceOfThreads().filter((n) => n === mainNice + 3).length).toBe(before + 1);
      expect(os.getPriority(process.pid)).toBe(mainNice);
    } finally {
      setBackgroundThreadNice(0);
      await worker.close();
    }
  });
});
