import { getDbHandle, getPrisma } from "./client.ts";
import type { Prisma } from "./generated/client.ts";
import { textArrayLiteral } from "./pg-array-literal.ts";

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
 * those triggers would have done.
 *
 * On Postgres nothing is skipped: the foreign keys and triggers run as always (its role
 * need not be a superuser, and concurrent sessions need the row locks the foreign keys'
 * checks take); the check adds the tenant scoping a foreign key does not have.
 *
 * The check is one `= ANY(array)` count rather than an `EXISTS` per inserted row: an
 * `EXISTS` in the insert planned against services inserted moments before (no statistics
 * yet) ran as a nested loop of 10,000 × 10,000 rows on Postgres (118 s for one chunk).
 */
export async function insertWithReferencesChecked(
  what: string,
  references: TInsertReferences,
  insert: (tx: TTx) => Promise<number>,
  afterInsert: (tx: TTx) => Promise<unknown> = async () => undefined,
): Promise<number> {
  return getPrisma().$transaction((tx) => insertWithReferencesCheckedIn(tx, what, references, insert, afterInsert), { timeout: 60_000, maxWait: 10_000 });
}

/** The same inside a transaction the caller holds (`tx`), for a bulk insert that is part of a larger write. */
export async function insertWithReferencesCheckedIn(
  tx: TTx,
  what: string,
  references: TInsertReferences,
  insert: (tx: TTx) => Promise<number>,
  afterInsert: (tx: TTx) => Promise<unknown> = async () => undefined,
): Promise<number> {
  const { organizationId } = references;
  const serviceIds = [...new Set(references.serviceIds.filter((id): id is string => id !== null))];
  const [found] = await tx.$queryRaw<{ organization: boolean; services: number }[]>`
    SELECT EXISTS (SELECT 1 FROM "Organization" WHERE "id" = ${organizationId}) AS "organization",
           (SELECT count(*)::int FROM "Service" WHERE "organizationId" = ${organizationId} AND "id" = ANY(${textArrayLiteral(serviceIds)}::text[])) AS "services"`;
  if (!found?.organization || found.services !== serviceIds.length) {
    const missing = found?.organization ? `${serviceIds.length - found.services} of its ${serviceIds.length} services` : "its organization";
    throw new Error(`${what}: ${missing} do not exist in the organization (nothing inserted)`);
  }
  if (getDbHandle().config.kind === "postgres") return insert(tx);
  await tx.$executeRaw`SET LOCAL session_replication_role = replica`;
  const inserted = await insert(tx);
  await tx.$executeRaw`SET LOCAL session_replication_role = origin`;
  await afterInsert(tx);
  return inserted;
}
