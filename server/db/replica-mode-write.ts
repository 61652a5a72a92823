import { getDbHandle } from "./client.ts";

/** Runs one SQL statement (no parameters) in the transaction the write belongs to. */
export type TRunStatement = (sql: string) => unknown;

/**
 * Runs `write` with the foreign keys' per-row checks skipped, on the embedded database only:
 * `session_replication_role = replica`, `SET LOCAL` in the caller's transaction (`run` must
 * run its statement there), and back to `origin` right after `write`, so whatever the
 * caller runs next in the transaction (a statement that needs its triggers: the dependents
 * call, change events) runs with them. On Postgres `write` runs as is.
 *
 * The one rule for every such write (docs/adr/011-mesh-ingest-writes.md, "The first round on
 * PGlite"): sound only because PGlite is one session and a transaction holds it exclusively,
 * so nothing can delete a referenced row between the writer's own check and its write, and no
 * other statement runs with the setting. The caller checks (or holds by construction) what
 * the foreign keys would have, and replays what any other trigger of the written tables does
 * (replica mode skips every ordinary trigger; replica-mode-writes.integration.test.ts lists
 * the ones replayed). Postgres checks as always: its role need not be a superuser, and
 * concurrent sessions need the row locks the checks take.
 *
 * No `finally`: a failing `write` aborts the transaction, which undoes the `SET LOCAL`, and no
 * statement can run in it afterwards anyway.
 *
 * `run` may also only queue its statement (a pipelined transaction, where `write` queues
 * the statements that belong between the two switches).
 */
export async function writeWithoutReferenceChecksOnPGlite<T>(run: TRunStatement, write: () => Promise<T> | T): Promise<T> {
  if (!skipsReferenceChecks()) return write();
  await run("SET LOCAL session_replication_role = replica");
  const written = await write();
  await run("SET LOCAL session_replication_role = origin");
  return written;
}

/** Whether writeWithoutReferenceChecksOnPGlite skips checks and triggers here (the caller then replays the triggers' work). */
export function skipsReferenceChecks(): boolean {
  return getDbHandle().config.kind === "pglite";
}
