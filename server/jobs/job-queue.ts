import { PgBoss, fromPglite } from "pg-boss";
import type { DbHandle } from "@/server/db/client.ts";

export type TJobQueue = PgBoss;

/**
 * pg-boss on the app's own database: Postgres through its pool, or the embedded PGlite
 * instance through pg-boss's PGlite adapter. Jobs, retries with backoff and
 * singleton slots (SKIP LOCKED inside) coordinate any number of worker processes
 * without new infrastructure.
 */
export async function startJobQueue(handle: DbHandle, onError: (error: Error) => void): Promise<TJobQueue> {
  const boss =
    handle.config.kind === "postgres"
      ? new PgBoss({ connectionString: handle.config.url, max: 4 })
      : new PgBoss({ db: fromPglite(requirePglite(handle)), backend: "pglite" });
  boss.on("error", onError);
  await boss.start();
  return boss;
}

function requirePglite(handle: DbHandle) {
  if (!handle.pglite) throw new Error("embedded database handle without PGlite");
  return handle.pglite;
}
