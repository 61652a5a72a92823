// One rule for every bulk statement: Postgres (and PGlite, which speaks its protocol)
// binds at most 65,535 parameters per statement, and Prisma does not split a long
// `in` / `notIn` list or a large `createMany` for us. Every bulk write chunks through
// here, so no import or worker can grow past the limit as an organization grows.

/** Postgres's protocol limit on bind parameters per statement (an unsigned 16-bit count). */
export const POSTGRES_PARAMETER_LIMIT = 65_535;

/** What one statement may bind: half the limit, leaving room for the query's own scoping parameters. */
export const MAX_PARAMETERS_PER_STATEMENT = 30_000;

/**
 * Rows per `unnest(...)` statement. There each column is one array parameter whatever
 * the row count, so the bound is time, not parameters: one chunk should not hold the
 * embedded database (which serves pages from the same thread) for long.
 */
export const UNNEST_ROWS_PER_STATEMENT = 10_000;

/**
 * Rows per `jsonb_to_recordset(...)` statement: the whole chunk is one JSON parameter, so
 * again the bound is time (and the size of that one string), not parameters. 500 services
 * (with their trigram search indexes) are ~0.2 s of the embedded database.
 */
export const JSON_ROWS_PER_STATEMENT = 500;

/**
 * Lets other work run between two chunks of a long job (an import of 10,000 services,
 * an initial sync): the embedded database and every request share this one thread, and
 * no request should wait seconds behind a bulk write. `setImmediate` runs after pending
 * I/O callbacks, so waiting requests get their turn.
 */
export function yieldBetweenChunks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Splits `items` into consecutive slices of at most `size` items (the last may be shorter). */
export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

/**
 * Splits `items` so that each slice binds at most `MAX_PARAMETERS_PER_STATEMENT`
 * parameters when every item binds `parametersPerItem` (1 for an `in` list of ids, the
 * column count for a `createMany` row).
 */
export function parameterChunks<T>(items: readonly T[], parametersPerItem = 1): T[][] {
  return chunksOf(items, Math.max(1, Math.floor(MAX_PARAMETERS_PER_STATEMENT / parametersPerItem)));
}
