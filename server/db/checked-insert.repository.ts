import { getDbHandle, getPrisma } from "./client.ts";
import { Prisma } from "./generated/client.ts";
import type { TEmbeddedDatabase, TPipelinedStatement } from "./pglite-worker-client.ts";
import { textArrayLiteral } from "./pg-array-literal.ts";
import { skipsReferenceChecks, writeWithoutReferenceChecksOnPGlite } from "./replica-mode-write.ts";

type TTx = Prisma.TransactionClient;

/** What a bulk insert of new rows references: its organization and the services its rows name. */
export interface TInsertReferences {
  organizationId: string;
  /** Every service id the rows name (repeats and nulls allowed: only the distinct ids are looked up). */
  serviceIds: readonly (string | null)[];
}

/**
 * Runs a bulk insert of new rows in one transaction, after checking in one set-based
 * statement that the organization exists and that every service the rows name is one of
 * its services; throws (and keeps nothing) when one is not, as a foreign-key violation
 * would have. Returns the rows inserted.
 *
 * On PGlite the foreign keys' own per-row checks are skipped for the insert
 * (`session_replication_role = replica`, local to the transaction): Postgres checks a
 * foreign key with one executor run of a lookup per row and key (three for an edge),
 * which on wasm was ~30 % of a first mesh round's 11 s in the database thread
 * (docs/adr/011-mesh-ingest-writes.md, "The first round on PGlite"). PGlite is one
 * session and a transaction holds it exclusively (every other statement waits for its
 * end), so nothing can delete a service between the check and the insert, and no other
 * statement runs with the setting. Replica mode skips every ordinary trigger of the insert
 * too, so `afterInsert` runs (back in the default mode, in the same transaction) what
 * those triggers would have done. There the chunk is one pipelined transaction, the check
 * gating the insert inside its statement (insertPipelinedOnPGlite below).
 *
 * On Postgres nothing is skipped: the foreign keys and triggers run as always (its role
 * need not be a superuser, and concurrent sessions need the row locks the foreign keys'
 * checks take); the check adds the tenant scoping a foreign key does not have.
 *
 * The check is one `= ANY(array)` count rather than an `EXISTS` per inserted row: an
 * `EXISTS` in the insert planned against services inserted moments before (no statistics
 * yet) ran as a nested loop of 10,000 × 10,000 rows on Postgres (118 s for one chunk).
 */
export async function insertWithReferencesChecked(what: string, references: TInsertReferences, insert: TCheckedInsert): Promise<number> {
  const db = getDbHandle().pglite;
  if (getDbHandle().config.kind === "postgres" || !db) {
    return getPrisma().$transaction((tx) => insertWithReferencesCheckedIn(tx, what, references, insert), { timeout: 60_000, maxWait: 10_000 });
  }
  return insertPipelinedOnPGlite(db, what, references, insert);
}

/**
 * A bulk insert of new rows: `INSERT INTO … (columns)`, the `SELECT … FROM …` of its rows
 * (no `WHERE`), how many, and what to run after it. The rows are built when the insert is
 * about to be sent (on Postgres after the check has answered, as before the pipelined path:
 * building a chunk's array literals is the JavaScript that overlaps the other lane's
 * statement).
 */
export interface TCheckedInsert {
  into: Prisma.Sql;
  rows: () => Prisma.Sql;
  rowCount: number;
  /** Run after the insert in the same transaction on PGlite, where the insert skipped the table's triggers (see above). */
  afterInsert?: () => Prisma.Sql;
}

/** The same inside a transaction the caller holds (`tx`), for a bulk insert that is part of a larger write. */
export async function insertWithReferencesCheckedIn(tx: TTx, what: string, references: TInsertReferences, insert: TCheckedInsert): Promise<number> {
  const { organizationId } = references;
  const serviceIds = distinctServiceIds(references);
  const [found] = await tx.$queryRaw<{ organization: boolean; services: number }[]>`
    SELECT EXISTS (SELECT 1 FROM "Organization" WHERE "id" = ${organizationId}) AS "organization",
           (SELECT count(*)::int FROM "Service" WHERE "organizationId" = ${organizationId} AND "id" = ANY(${textArrayLiteral(serviceIds)}::text[])) AS "services"`;
  if (!found?.organization || found.services !== serviceIds.length) throw missingReferences(what, serviceIds.length, found);
  const inserted = await writeWithoutReferenceChecksOnPGlite(
    (sql) => tx.$executeRawUnsafe(sql),
    () => tx.$executeRaw`${insert.into} ${insert.rows()}`,
  );
  if (skipsReferenceChecks() && insert.afterInsert) await tx.$executeRaw`${insert.afterInsert()}`;
  return inserted;
}

/**
 * PGlite, one chunk in one pipelined transaction (pglite-worker-client.ts): the worker runs
 * the whole chunk without waiting for this thread between statements, so the round's
 * JavaScript (simulating, aggregating, building the next chunk) overlaps the database's work
 * instead of leaving it idle between a transaction's statements. The reference check cannot
 * wait for its answer here, so it gates the insert inside the statement (an uncorrelated
 * condition, evaluated once before the first row): with a missing or foreign service the
 * insert inserts nothing, and this thread, seeing fewer rows than sent, reads the check
 * again for the message and throws. The same guarantee as above: the check and the insert
 * run in one transaction that holds PGlite exclusively. (`afterInsert` runs either way: the
 * dependents recount it starts is scoped to the organization and idempotent.)
 */
async function insertPipelinedOnPGlite(db: TEmbeddedDatabase, what: string, references: TInsertReferences, insert: TCheckedInsert): Promise<number> {
  const { organizationId } = references;
  const serviceIds = distinctServiceIds(references);
  const referencesExist = Prisma.sql`(EXISTS (SELECT 1 FROM "Organization" WHERE "id" = ${organizationId})
    AND (SELECT count(*)::int FROM "Service" WHERE "organizationId" = ${organizationId} AND "id" = ANY(${textArrayLiteral(serviceIds)}::text[])) = ${serviceIds.length}::int)`;
  const queued: Prisma.Sql[] = [];
  const insertAt = await writeWithoutReferenceChecksOnPGlite(
    (sql) => queued.push(Prisma.raw(sql)),
    () => queued.push(Prisma.sql`${insert.into} ${insert.rows()} WHERE ${referencesExist}`) - 1,
  );
  if (insert.afterInsert) queued.push(insert.afterInsert());
  const statements = queued.map(embeddedStatement);
  const run = db.pipelinedTransaction
    ? db.pipelinedTransaction(statements)
    : db.transaction(async (tx) => {
        const results = [];
        for (const statement of statements) results.push(await tx.query(statement.sql, statement.params));
        return results;
      });
  const inserted = (await run)[insertAt]?.affectedRows ?? 0;
  if (inserted === insert.rowCount) return inserted;
  const [found] = await getPrisma().$queryRaw<{ organization: boolean; services: number }[]>`
    SELECT EXISTS (SELECT 1 FROM "Organization" WHERE "id" = ${organizationId}) AS "organization",
           (SELECT count(*)::int FROM "Service" WHERE "organizationId" = ${organizationId} AND "id" = ANY(${textArrayLiteral(serviceIds)}::text[])) AS "services"`;
  throw missingReferences(what, serviceIds.length, found);
}

/** A Prisma template as PGlite takes it: `$n` placeholders, dates as ISO text (the statements cast them). */
function embeddedStatement(sql: Prisma.Sql): TPipelinedStatement {
  return { sql: sql.text, params: sql.values.map((value) => (value instanceof Date ? value.toISOString() : value)) };
}

function distinctServiceIds(references: TInsertReferences): string[] {
  return [...new Set(references.serviceIds.filter((id): id is string => id !== null))];
}

function missingReferences(what: string, expected: number, found: { organization: boolean; services: number } | undefined): Error {
  const missing = found?.organization ? `${expected - found.services} of its ${expected} services` : "its organization";
  return new Error(`${what}: ${missing} do not exist in the organization (nothing inserted)`);
}
