import { getDbHandle } from "./client.ts";

/**
 * Statements one bulk write keeps in flight (server/db/sum-over-chunks.ts): two on
 * Postgres, where each runs on its own pooled connection and backend (one core each on a
 * two-core machine) while this process builds the next chunk; one on PGlite, whose single
 * connection runs in this thread, where a second lane would only hold a second chunk's
 * parameters in memory while it waits.
 */
export function bulkWriteLanes(): number {
  return getDbHandle().config.kind === "postgres" ? 2 : 1;
}
