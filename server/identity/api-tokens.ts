import { createHash, randomBytes } from "node:crypto";
import { cacheApiToken, cachedApiToken, forgetCachedApiToken } from "./api-token-cache.ts";
import { findApiTokenByHash, findApiTokens, insertApiToken, revokeApiTokenRow, touchApiToken } from "./identity-api-tokens.repository.ts";

const TOKEN_PREFIX = "plb_";
// "Last used" is for people deciding which tokens to revoke; minute precision is plenty,
// and it keeps a busy CI token from turning every API call into a write.
const LAST_USED_PRECISION_MS = 60_000;

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Creates a token; the clear text is returned once and never stored. */
export async function createApiToken(
  organizationId: string,
  name: string,
  createdBy: string | null = null,
): Promise<{ id: string; token: string; prefix: string }> {
  const token = TOKEN_PREFIX + randomBytes(24).toString("base64url");
  const prefix = token.slice(0, 10);
  const { id } = await insertApiToken({ organizationId, name, prefix, tokenHash: hashApiToken(token), createdBy });
  return { id, token, prefix };
}

export type TTokenCheck =
  | { ok: true; organizationId: string; tokenId: string; tokenName: string }
  | { ok: false; reason: "unknown" | "revoked" | "malformed" };

/**
 * Checks a bearer token by its hash. A valid token's row is kept for a few seconds in
 * this process (server/identity/api-token-cache.ts): a revocation here is seen at once,
 * one in another web process as soon as its notification arrives.
 */
export async function verifyApiToken(token: string, now = new Date()): Promise<TTokenCheck> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length < 20) return { ok: false, reason: "malformed" };
  const tokenHash = hashApiToken(token);
  let record = cachedApiToken(tokenHash, now.getTime());
  if (!record) {
    record = await findApiTokenByHash(tokenHash);
    if (!record) return { ok: false, reason: "unknown" };
    if (record.revokedAt) return { ok: false, reason: "revoked" };
    cacheApiToken(tokenHash, record, now.getTime());
  }
  if (!record.lastUsedAt || now.getTime() - record.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS) {
    await touchApiToken(record.id, now);
    record.lastUsedAt = now;
  }
  return { ok: true, organizationId: record.organizationId, tokenId: record.id, tokenName: record.name };
}

export interface TApiTokenSummary {
  id: string;
  name: string;
  prefix: string;
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export async function listApiTokens(organizationId: string): Promise<TApiTokenSummary[]> {
  const rows = await findApiTokens(organizationId);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  }));
}

/**
 * Revokes a token of the organization; false if it has no such token. This process
 * refuses it from the next request on; other web processes when the revocation's
 * notification reaches them (server/identity/api-token-cache.ts).
 */
export async function revokeApiToken(organizationId: string, id: string, now = new Date()): Promise<boolean> {
  const revoked = await revokeApiTokenRow(organizationId, id, now);
  forgetCachedApiToken(id);
  return revoked;
}
