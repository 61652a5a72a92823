import { ConfigError } from "./config-error.ts";
import type { TConfig } from "./parse-config.ts";

/**
 * What a server process (`npm start`, any role) needs beyond each variable being valid.
 * With Postgres the auth secret must come from the environment: a generated one would be
 * kept in the same database as the integration secrets it seals (a dump would reveal
 * them), and several web processes must share it. The embedded default keeps generating one.
 */
export function assertStartableConfig(config: TConfig): void {
  const problems: string[] = [];
  if (config.database.url !== null && config.identity.authSecret === null) problems.push(MISSING_AUTH_SECRET);
  if (problems.length > 0) throw new ConfigError(problems);
}

export const MISSING_AUTH_SECRET =
  "PLUMBLINE_AUTH_SECRET must be set when DATABASE_URL is (production): it signs sessions and encrypts integration secrets, and must not live in the database it protects; e.g. the output of `openssl rand -base64 32`, from a secret store";
