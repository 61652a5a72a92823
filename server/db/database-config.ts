import { getConfig } from "@/server/config/get-config.ts";
import type { TConfig } from "@/server/config/parse-config.ts";

export type TDatabaseConfig =
  | { kind: "postgres"; url: string }
  | { kind: "pglite"; dataDir: string };

/**
 * With DATABASE_URL the app talks to Postgres; without it, to an embedded PGlite
 * database on disk (./.plumbline/pglite unless PLUMBLINE_DATA_DIR says otherwise).
 * `memory://` as the data dir gives a throwaway in-memory database (tests).
 */
export function readDatabaseConfig(database: TConfig["database"] = getConfig().database): TDatabaseConfig {
  // The URL's scheme was validated by the config module.
  return database.url !== null ? { kind: "postgres", url: database.url } : { kind: "pglite", dataDir: database.dataDir };
}

export function describeDatabase(config: TDatabaseConfig): string {
  if (config.kind === "pglite") return `embedded PGlite at ${config.dataDir}`;
  const parsed = new URL(config.url);
  return `Postgres at ${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
}
