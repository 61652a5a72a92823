import path from "node:path";

export type TDatabaseConfig =
  | { kind: "postgres"; url: string }
  | { kind: "pglite"; dataDir: string };

/**
 * With DATABASE_URL the app talks to Postgres; without it, to an embedded PGlite
 * database on disk (./.plumbline/pglite unless PLUMBLINE_DATA_DIR says otherwise).
 * `memory://` as the data dir gives a throwaway in-memory database (tests).
 */
export function readDatabaseConfig(env: NodeJS.ProcessEnv = process.env): TDatabaseConfig {
  const url = env.DATABASE_URL?.trim();
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new Error(
        `DATABASE_URL must start with postgres:// or postgresql:// (got "${url.slice(0, 20)}…"). Unset it to use the embedded database.`,
      );
    }
    return { kind: "postgres", url };
  }
  const dataDir = env.PLUMBLINE_DATA_DIR?.trim() || path.join(process.cwd(), ".plumbline", "pglite");
  return { kind: "pglite", dataDir };
}

export function describeDatabase(config: TDatabaseConfig): string {
  if (config.kind === "pglite") return `embedded PGlite at ${config.dataDir}`;
  const parsed = new URL(config.url);
  return `Postgres at ${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
}
