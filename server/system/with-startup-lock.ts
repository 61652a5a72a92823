import pg from "pg";
import type { DbHandle } from "@/server/db/client.ts";

/** A fixed advisory-lock id for the start steps ("plumbline-start" as a number). */
const START_LOCK_ID = 0x706c_7374;

/**
 * Runs the start steps (migrations, catalog seed, gate policies, the local admin) in one
 * process at a time: several replicas starting together on one Postgres would otherwise
 * race to import the same catalog or create the same admin. A session-level advisory lock
 * on a connection of its own, released when the steps end (or the process dies, which
 * closes the connection). The embedded PGlite database has one process: nothing to lock.
 */
export async function withStartupLock<T>(handle: DbHandle, steps: () => Promise<T>): Promise<T> {
  if (handle.config.kind !== "postgres") return steps();
  const client = new pg.Client({ connectionString: handle.config.url, application_name: "plumbline-start-lock" });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [START_LOCK_ID]);
    return await steps();
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [START_LOCK_ID]).catch(() => {});
    await client.end().catch(() => {});
  }
}
