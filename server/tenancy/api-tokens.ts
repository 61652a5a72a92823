import { createHash, randomBytes } from "node:crypto";
import { findApiTokenByHash, insertApiToken, touchApiToken } from "./api-token.repository.ts";

const TOKEN_PREFIX = "plb_";

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
  | { ok: true; organizationId: string; tokenId: string }
  | { ok: false; reason: "unknown" | "revoked" | "malformed" };

export async function verifyApiToken(token: string, now = new Date()): Promise<TTokenCheck> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length < 20) return { ok: false, reason: "malformed" };
  const record = await findApiTokenByHash(hashApiToken(token));
  if (!record) return { ok: false, reason: "unknown" };
  if (record.revokedAt) return { ok: false, reason: "revoked" };
  await touchApiToken(record.id, now);
  return { ok: true, organizationId: record.organizationId, tokenId: record.id };
}
