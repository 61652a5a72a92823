import { randomBytes } from "node:crypto";
import { findOrCreateDeploymentSecret } from "./identity-deployment-secret.repository.ts";

/**
 * The key that signs session cookies and encrypts integration secrets:
 * `PLUMBLINE_AUTH_SECRET` when set (production, several processes), else one generated
 * on first start and kept in the database (the embedded default needs no setup).
 */
export async function readAuthSecret(): Promise<string> {
  const fromEnv = process.env.PLUMBLINE_AUTH_SECRET?.trim();
  if (fromEnv) {
    if (fromEnv.length < 32) throw new Error("PLUMBLINE_AUTH_SECRET must be at least 32 characters (e.g. `openssl rand -base64 32`).");
    return fromEnv;
  }
  return findOrCreateDeploymentSecret("auth-secret", () => randomBytes(32).toString("base64url"));
}
