import { chunksOf } from "./bulk-chunks.ts";

/**
 * Writes `items` in chunks of `size` with up to `lanes` statements in flight, each lane
 * taking the next unwritten chunk when its statement returns; resolves to the sum of what
 * `write` returned (rows written). While one lane's statement runs in the database, the
 * other lane's JavaScript builds its chunk's parameters, and on Postgres the two
 * statements run on two connections (two backends, two cores). After a failure no lane
 * starts another chunk, and the first error is thrown once the running ones have settled.
 * Only for statements that may run in any order and outside one transaction: each chunk
 * commits on its own.
 */
export async function sumOverChunks<T>(
  items: readonly T[],
  size: number,
  lanes: number,
  write: (chunk: T[]) => Promise<number>,
): Promise<number> {
  if (!Number.isInteger(lanes) || lanes < 1) throw new RangeError(`lanes must be a positive integer, got ${lanes}`);
  const chunks = chunksOf(items, size);
  let next = 0;
  let total = 0;
  let failure: { error: unknown } | null = null;
  async function lane(): Promise<void> {
    while (failure === null && next < chunks.length) {
      const chunk = chunks[next] ?? [];
      next += 1;
      try {
        // Not `total += await …`: that reads `total` before the await and loses the other lanes' rows.
        const rows = await write(chunk);
        total += rows;
      } catch (error) {
        failure ??= { error };
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(lanes, chunks.length) }, lane));
  if (failure !== null) throw (failure as { error: unknown }).error;
  return total;
}
