import { randomBytes } from "node:crypto";
import { ConfigError } from "@/server/config/config-error.ts";
import { MISSING_AUTH_SECRET } from "@/server/config/assert-startable-config.ts";
import { getConfig } from "@/server/config/get-config.ts";
import { findOrCreateDeploymentSecret } from "./identity-deployment-secret.repository.ts";

/**
 * The key that signs session cookies and encrypts integration secrets:
 * `PLUMBLINE_AUTH_SECRET` when set (production, several processes), else one generated
 * on first start and kept in the database (the embedded default needs no setup). With
 * Postgres (DATABASE_URL) the environment must provide it: `npm start` refuses to start
 * without, and this refuses too for processes started otherwise (`next dev`).
 */
export async function readAuthSecret(): Promise<string> {
  const config = getConfig();
  // At least 32 characters: the config module validated it.
  if (config.identity.authSecret) return config.identity.authSecret;
  if (config.database.url !== null) throw new ConfigError([MISSING_AUTH_SECRET]);
  return findOrCreateDeploymentSecret("auth-secret", () => randomBytes(32).toString("base64url"));
}
