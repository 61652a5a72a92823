import { getDbHandle, getPrisma } from "./client.ts";
import type { Prisma } from "./generated/client.ts";

type TTx = Prisma.TransactionClient;

/**
 * Runs a bulk insert of rows whose statement checks their references itself (a join or
 * `EXISTS` against the referenced rows of the same organization) and returns how many it
 * inserted; throws when that is fewer than `expected`, as a foreign-key violation would
 * have, and nothing of it is kept.
 *
 * On PGlite the foreign keys' own per-row checks are skipped for that statement
 * (`session_replication_role = replica`, local to one transaction): Postgres checks a
 * foreign key with one executor run of a lookup per row and key (three for an edge), which
 * on wasm was ~30 % of a first mesh round's 11 s in the database thread
 * (docs/adr/011-mesh-ingest-writes.md, "The first round on PGlite"). PGlite is one session
 * and a transaction holds it exclusively (every other statement waits for its end), so the
 * statement's own check sees exactly what the foreign keys' checks would have, and no
 * other statement runs with the setting. Replica mode skips every ordinary trigger of the
 * statement too, so `afterInsert` runs (back in the default mode, in the same transaction)
 * what those triggers would have done.
 *
 * On Postgres nothing is skipped: the statement runs as it is, foreign keys and triggers
 * included (its role need not be a superuser, and concurrent sessions need the row locks
 * the foreign keys' checks take).
 */
export async function insertWithReferencesCheckedInStatement(
  what: string,
  expected: number,
  insert: (tx: TTx) => Promise<number>,
  afterInsert: (tx: TTx) => Promise<unknown> = async () => undefined,
): Promise<number> {
  return getPrisma().$transaction((tx) => insertCheckedInTransaction(tx, what, expected, insert, afterInsert), { timeout: 60_000, maxWait: 10_000 });
}

/** The same inside a transaction the caller holds (`tx`), for a bulk write that is part of a larger one. */
export async function insertCheckedInTransaction(
  tx: TTx,
  what: string,
  expected: number,
  insert: (tx: TTx) => Promise<number>,
  afterInsert: (tx: TTx) => Promise<unknown> = async () => undefined,
): Promise<number> {
  const check = (inserted: number) => {
    if (inserted !== expected) {
      throw new Error(`${what}: ${expected - inserted} of ${expected} rows name a row that does not exist in the organization (nothing inserted)`);
    }
    return inserted;
  };
  if (getDbHandle().config.kind === "postgres") return check(await insert(tx));
  await tx.$executeRaw`SET LOCAL session_replication_role = replica`;
  const inserted = check(await insert(tx));
  await tx.$executeRaw`SET LOCAL session_replication_role = origin`;
  await afterInsert(tx);
  return inserted;
}
