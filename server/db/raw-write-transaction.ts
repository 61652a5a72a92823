import { getDbHandle } from "./client.ts";

/** Runs one statement of the transaction (every value a `$n` parameter) and answers its rows. */
export type TRawStatement = <TRow>(sql: string, ...values: unknown[]) => Promise<TRow[]>;

/**
 * A transaction of a few large raw statements (bulk writes whose rows travel as one JSON
 * text parameter). On the embedded database it runs on PGlite's own transaction: through
 * Prisma, each statement's parameters went through its raw-parameter serialization
 * (`serializeRawParameters` JSON-encodes the parameter list, escaping every quote of a
 * multi-megabyte JSON text, and `deserializeRawParameters` parses it back): 25 + 46 ms of
 * the event loop's time in one turn for one 2,000-row SLO write (server/slo/README.md).
 * PGlite hands a text parameter to the database as it is. On Postgres, Prisma's interactive
 * transaction on its pool, as before (there the statement's time is in the database's
 * backend, and the transaction keeps Prisma's timeouts).
 *
 * Rows come back as the driver parses them: keep result columns to int, text and bool so both
 * databases answer the same values.
 */
export async function runRawWriteTransaction<T>(work: (run: TRawStatement) => Promise<T>, options: { timeoutMs: number; maxWaitMs: number }): Promise<T> {
  const handle = getDbHandle();
  if (handle.pglite) {
    return handle.pglite.transaction((tx) => work(async <TRow>(sql: string, ...values: unknown[]) => (await tx.query<TRow>(sql, values)).rows));
  }
  return handle.prisma.$transaction((tx) => work(<TRow>(sql: string, ...values: unknown[]) => tx.$queryRawUnsafe<TRow[]>(sql, ...values)), {
    timeout: options.timeoutMs,
    maxWait: options.maxWaitMs,
  });
}
