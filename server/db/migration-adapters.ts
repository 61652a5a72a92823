import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { DriverAdapterError, type SqlDriverAdapter, type SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";

// Prisma's schema engine runs each migration's SQL with its adapter's `executeScript`, and
// neither driver adapter runs a script as the database would:
// - pglite-prisma-adapter calls PGlite's `exec` without awaiting it. A migration that failed
//   (a statement PGlite rejects, a unique index over duplicate rows) resolved anyway, the
//   engine recorded it as applied, and the error surfaced later as an unhandled rejection.
// - @prisma/adapter-pg splits the script on every ";" and runs the pieces one by one: a ";" in
//   a comment or a string literal breaks the migration ("syntax error at or near …"), a
//   function body cannot be written, and a migration failing halfway leaves its first
//   statements applied.
// Both now send the whole script as one simple query, awaited, as Prisma's native engine does:
// the database runs it as one implicit transaction, so a failure applies nothing of it, fails
// `applyMigrations`, and leaves the migration recorded as failed (the next start refuses to go
// on: server/db/migrations.ts).

/** The database's own error of the last script that failed, per adapter: the engine reports it only as "External error id#0". */
const scriptFailures = new WeakMap<SqlMigrationAwareDriverAdapterFactory, Error>();

/** The PGlite adapter for the schema engine (migrations and diffs), scripts run whole and awaited. */
export function pgliteMigrationAdapter(pglite: PGlite): SqlMigrationAwareDriverAdapterFactory {
  return withWholeScripts(new PrismaPGlite(pglite), async (script) => {
    await pglite.exec(script);
  });
}

/** The Postgres adapter for the schema engine, on `pool` (which the caller ends), scripts run whole and awaited. */
export function postgresMigrationAdapter(pool: pg.Pool): SqlMigrationAwareDriverAdapterFactory {
  // The adapter is typed against its own copy of pg's types.
  return withWholeScripts(new PrismaPg(pool as unknown as ConstructorParameters<typeof PrismaPg>[0]), async (script) => {
    await pool.query(script);
  });
}

function withWholeScripts(factory: SqlMigrationAwareDriverAdapterFactory, runScript: (script: string) => Promise<void>): SqlMigrationAwareDriverAdapterFactory {
  const migrationAdapter: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async (): Promise<SqlDriverAdapter> => {
      const adapter = await factory.connect();
      adapter.executeScript = async (script: string): Promise<void> => {
        try {
          await runScript(script);
        } catch (error) {
          scriptFailures.set(migrationAdapter, error instanceof Error ? error : new Error(String(error)));
          throw asDatabaseError(error);
        }
      };
      return adapter;
    },
    connectToShadowDb: () => factory.connectToShadowDb(),
  };
  return migrationAdapter;
}

/** The engine's error with the database's reason added, when a script run through `adapterFactory` failed. */
export function withScriptFailure(error: unknown, adapterFactory: SqlMigrationAwareDriverAdapterFactory): unknown {
  const failure = scriptFailures.get(adapterFactory);
  if (!failure) return error;
  const engineMessage = error instanceof Error ? error.message : String(error);
  return new Error(`${failure.message}\n${engineMessage}`, { cause: error });
}

/**
 * As a Postgres error, which the schema engine prints with its message ("could not create
 * unique index …"); any other error reaches the operator as "External error id#0".
 */
function asDatabaseError(error: unknown): DriverAdapterError {
  const fields = (typeof error === "object" && error !== null ? error : {}) as { code?: unknown; severity?: unknown; detail?: unknown; hint?: unknown; column?: unknown };
  const text = (value: unknown) => (typeof value === "string" ? value : undefined);
  return new DriverAdapterError({
    kind: "postgres",
    code: text(fields.code) ?? "",
    severity: text(fields.severity) ?? "ERROR",
    message: error instanceof Error ? error.message : String(error),
    detail: text(fields.detail),
    column: text(fields.column),
    hint: text(fields.hint),
  });
}
