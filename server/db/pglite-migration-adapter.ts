import type { PGlite } from "@electric-sql/pglite";
import { DriverAdapterError, type SqlDriverAdapter, type SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";

// Prisma's schema engine runs each migration's SQL with the adapter's `executeScript`, and
// pglite-prisma-adapter's calls PGlite's `exec` without awaiting it: a migration that fails
// (a statement PGlite rejects, a unique index over duplicate rows) resolved anyway, the engine
// recorded it as applied, and the error surfaced later as an unhandled rejection. The embedded
// database would then run with a migration marked done that never ran. This one awaits the
// script, so the failure fails `applyMigrations` and the migration stays recorded as failed
// (the next start refuses to go on: server/db/migrations.ts).

/** The database's own error of the last script that failed, per adapter: the engine reports it only as "External error id#0". */
const scriptFailures = new WeakMap<SqlMigrationAwareDriverAdapterFactory, Error>();

/** The PGlite adapter for the schema engine (migrations and diffs), with scripts awaited. */
export function pgliteMigrationAdapter(pglite: PGlite): SqlMigrationAwareDriverAdapterFactory {
  const factory = new PrismaPGlite(pglite);
  const migrationAdapter: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async (): Promise<SqlDriverAdapter> => {
      const adapter = await factory.connect();
      adapter.executeScript = async (script: string): Promise<void> => {
        try {
          await pglite.exec(script);
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
