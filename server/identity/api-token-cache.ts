import { getDbHandle } from "@/server/db/client.ts";
import type { TApiTokenRecord } from "./identity-api-tokens.repository.ts";

/**
 * Valid API tokens this process looked up in the last few seconds, by hash
 * (docs/adr/012-gate-throughput.md): CI sends the same token on every call, and reading
 * it from the database each time was one more round trip per gate decision.
 *
 * - Only the hash is the key and only the row's public fields are kept (never the token).
 * - A revocation in this process drops the entry at once (`forgetCachedApiToken`), so the
 *   next request with that token is refused.
 * - Another process (a second web replica) may still accept a revoked token for at most
 *   `API_TOKEN_CACHE_TTL_MS` after it last read the row; then it reads it again.
 * - Unknown and revoked tokens are never cached: they are read every time.
 */
export const API_TOKEN_CACHE_TTL_MS = 5_000;

interface TCachedToken {
  record: TApiTokenRecord;
  readAt: number;
}

interface TTokenCache {
  byHash: Map<string, TCachedToken>;
  /** Ids revoked in this process lately: a read that began before the revocation must not cache the old row. */
  revokedAt: Map<string, number>;
}

// On globalThis (Next's route bundles and server actions load this module separately,
// and a revocation in a server action must reach the API routes' copy), one map per
// database handle (tests switch databases within one process).
const CACHE_KEY = Symbol.for("plumbline.identity.api-token-cache");
type GlobalWithCache = typeof globalThis & { [CACHE_KEY]?: WeakMap<object, TTokenCache> };

function cache(): TTokenCache {
  const g = globalThis as GlobalWithCache;
  g[CACHE_KEY] ??= new WeakMap();
  const handle = getDbHandle();
  let entries = g[CACHE_KEY].get(handle);
  if (!entries) {
    entries = { byHash: new Map(), revokedAt: new Map() };
    g[CACHE_KEY].set(handle, entries);
  }
  return entries;
}

/** The cached row of a valid token read less than the TTL ago, or null. */
export function cachedApiToken(tokenHash: string, now: number): TApiTokenRecord | null {
  const entries = cache().byHash;
  const entry = entries.get(tokenHash);
  if (!entry) return null;
  if (now - entry.readAt >= API_TOKEN_CACHE_TTL_MS || now < entry.readAt) {
    entries.delete(tokenHash);
    return null;
  }
  return entry.record;
}

export function cacheApiToken(tokenHash: string, record: TApiTokenRecord, now: number): void {
  const { byHash, revokedAt } = cache();
  if (record.revokedAt) return;
  for (const [id, at] of revokedAt) if (Date.now() - at >= API_TOKEN_CACHE_TTL_MS) revokedAt.delete(id);
  if (revokedAt.has(record.id)) return;
  byHash.set(tokenHash, { record, readAt: now });
}

/** Drops a token from this process's cache, and keeps it out for a while (it was revoked here). */
export function forgetCachedApiToken(id: string): void {
  const { byHash, revokedAt } = cache();
  revokedAt.set(id, Date.now());
  for (const [hash, entry] of byHash) if (entry.record.id === id) byHash.delete(hash);
}
