// Bulk statements and Postgres' bind-parameter limit (65,535 per statement, on Postgres and on
// PGlite alike: one more fails with 08P01). Prisma 7 splits most statements itself: its query
// executor caps a statement at 32,766 bind values (its Postgres default; neither driver adapter
// overrides it), so an `in` list of findMany, updateMany or deleteMany (relation filters too) and
// the rows of a createMany become as many statements as needed, one parameter per value each.
// Measured with both adapters at 70,000 values: three statements of at most 32,766 parameters.
// What Prisma does NOT split fails instead ("The query parameter limit supported by your database
// is exceeded") at its cap (a groupBy failed at 32,765 ids, passed at 30,000): groupBy, count and aggregate with an `in` list, `notIn`,
// and findMany with orderBy and take. Those, and raw SQL with one placeholder per value, chunk
// here. Raw bulk writes bind whole columns as one array or JSON parameter (unnest,
// jsonb_to_recordset): their chunks bound time, not parameters.

/** Postgres's protocol limit on bind parameters per statement (an unsigned 16-bit count); PGlite's too. */
export const POSTGRES_PARAMETER_LIMIT = 65_535;

/** What Prisma binds at most per statement on Postgres before it splits one (its query executor's `maxBindValues`). */
export const PRISMA_BIND_VALUES_PER_STATEMENT = 32_766;

/** Values per `in` list in a statement Prisma does not split: below its cap, with room for the query's own scoping parameters. */
export const UNSPLIT_IN_LIST_VALUES = 30_000;

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

/** `items` in slices that fit one `in` list of a statement Prisma does not split (see above). */
export function unsplitInListChunks<T>(items: readonly T[]): T[][] {
  return chunksOf(items, UNSPLIT_IN_LIST_VALUES);
}
