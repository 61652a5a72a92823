import { getDbHandle, getPrisma } from "@/server/db/client.ts";

/** Whether the API's rate limits must be shared between processes (Postgres: any number of web processes; PGlite: one process). */
export function rateLimitIsShared(): boolean {
  return getDbHandle().config.kind === "postgres";
}

/**
 * Adds `points` to a rate-limit counter in one atomic statement and returns the new
 * total and the window's end (server/http/leased-rate-limit.ts). A counter whose window
 * ended at `now` or before starts a new one. Counters are keyed by the limit's prefix
 * and the token or user id (no organization: a token's or user's id is global), one row
 * per key, reused window after window.
 */
export async function reserveRateLimitPoints(key: string, points: number, windowMs: number, now: Date): Promise<{ total: number; expiresAt: Date }> {
  const expire = new Date(now.getTime() + windowMs);
  const [row] = await getPrisma().$queryRaw<{ points: number; expire: Date }[]>`
    INSERT INTO "RateLimiterFlexible" AS c ("key", "points", "expire") VALUES (${key}, ${points}, ${expire}::timestamptz)
    ON CONFLICT ("key") DO UPDATE SET
      "points" = CASE WHEN c."expire" IS NULL OR c."expire" <= ${now}::timestamptz THEN EXCLUDED."points" ELSE c."points" + EXCLUDED."points" END,
      "expire" = CASE WHEN c."expire" IS NULL OR c."expire" <= ${now}::timestamptz THEN EXCLUDED."expire" ELSE c."expire" END
    RETURNING c."points", c."expire"`;
  if (!row) throw new Error("rate-limit counter: the upsert returned no row");
  return { total: row.points, expiresAt: new Date(row.expire) };
}
