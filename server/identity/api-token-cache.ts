import { getDbHandle } from "@/server/db/client.ts";
import { createNotificationListener } from "@/server/db/notification-listener.ts";
import type { TApiTokenRecord } from "./identity-api-tokens.repository.ts";

/**
 * Valid API tokens this process looked up in the last few seconds, by hash
 * (docs/adr/012-gate-throughput.md): CI sends the same token on every call, and reading
 * it from the database each time was one more round trip per gate decision.
 *
 * - Only the hash is the key and only the row's public fields are kept (never the token).
 * - A revocation in this process drops the entry at once (`forgetCachedApiToken`), so the
 *   next request with that token is refused.
 * - A revocation anywhere else (another web process, an organization deleted) reaches
 *   this process as a notification on `plumbline_api_tokens` (a trigger on "ApiToken",
 *   migration 20261205125000_api_token_revocation_notify), which drops the entry as well.
 * - On Postgres, tokens are cached only while that notification channel is listened to:
 *   when its connection is lost the cache is emptied and every request reads the row
 *   until it is back, because a revocation sent meanwhile would be missed. Embedded
 *   PGlite is one process: every revocation happens here.
 * - Entries still expire after `API_TOKEN_CACHE_TTL_MS`, a bound should a notification
 *   be lost in transit.
 * - Unknown and revoked tokens are never cached: they are read every time.
 */
export const API_TOKEN_CACHE_TTL_MS = 5_000;
export const API_TOKENS_CHANNEL = "plumbline_api_tokens";

interface TCachedToken {
  record: TApiTokenRecord;
  readAt: number;
}

interface TTokenCache {
  byHash: Map<string, TCachedToken>;
  /** Ids revoked lately: a read that began before the revocation must not cache the old row. */
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

const revocations = createNotificationListener({
  channel: API_TOKENS_CHANNEL,
  name: "api-token-listener",
  onNotification: (id) => {
    if (id) forgetCachedApiToken(id);
  },
  // Gained or lost, what is cached may have missed a revocation: start again.
  onConnectionChange: () => cache().byHash.clear(),
  whileDown: "API tokens are read from the database on every request",
});

/** Starts listening for revocations made elsewhere (a no-op on PGlite); resolves once it listens or has failed. */
export function ensureApiTokenRevocationListener(): Promise<void> {
  return revocations.ensure();
}

/** Whether revocations made in other processes reach this one now (always on PGlite). */
export function isListeningForApiTokenRevocations(): boolean {
  return getDbHandle().config.kind !== "postgres" || revocations.isListening();
}

/** Stops listening (tests, shutdown); tokens are then read on every request until it listens again. */
export function stopApiTokenRevocationListener(): Promise<void> {
  return revocations.stop();
}

/** Whether a revocation made in another process would reach this one now; starts listening if not. */
function revocationsReachThisProcess(): boolean {
  if (isListeningForApiTokenRevocations()) return true;
  void revocations.ensure();
  return false;
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
  if (record.revokedAt || !revocationsReachThisProcess()) return;
  const { byHash, revokedAt } = cache();
  for (const [id, at] of revokedAt) if (Date.now() - at >= API_TOKEN_CACHE_TTL_MS) revokedAt.delete(id);
  if (revokedAt.has(record.id)) return;
  byHash.set(tokenHash, { record, readAt: now });
}

/** Drops a token from this process's cache, and keeps it out for a while (it was revoked). */
export function forgetCachedApiToken(id: string): void {
  const { byHash, revokedAt } = cache();
  revokedAt.set(id, Date.now());
  for (const [hash, entry] of byHash) if (entry.record.id === id) byHash.delete(hash);
}
