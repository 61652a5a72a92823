import { RateLimiterMemory, RateLimiterPrisma, type RateLimiterAbstract } from "rate-limiter-flexible";
import { getDbHandle } from "@/server/db/client.ts";

/**
 * The counter store of one API rate limit. On Postgres the counters live in the
 * `RateLimiterFlexible` table, so every web process shares them (N processes do not
 * grant N × the limit); should the database fail to answer, an in-process counter
 * stands in. The embedded PGlite default is one process, so its counters stay in memory.
 */
export function createRateLimitStore(options: { keyPrefix: string; points: number; durationSeconds: number }): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ keyPrefix: options.keyPrefix, points: options.points, duration: options.durationSeconds });
  const handle = getDbHandle();
  if (handle.config.kind !== "postgres") return memory;
  return new RateLimiterPrisma({
    storeClient: handle.prisma,
    // The Prisma client's delegate name for the model.
    tableName: "rateLimiterFlexible",
    keyPrefix: options.keyPrefix,
    points: options.points,
    duration: options.durationSeconds,
    insuranceLimiter: memory,
  });
}
