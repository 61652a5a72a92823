import { getDbHandle, type DbHandle } from "@/server/db/client.ts";
import { shippedMigrationNames } from "@/server/db/migration-names.ts";
import { checkHealth, type THealth } from "./check-health.ts";
import { appliedMigrationNames } from "./health.repository.ts";

/** Migrations seen applied, per database handle (tests switch databases within a process). */
const SEEN_APPLIED = new WeakMap<DbHandle, Set<string>>();

export interface TReadiness extends THealth {
  /** Migrations this release ships that the database has not applied (names only: no hosts, no SQL). */
  pendingMigrations?: string[];
}

/**
 * Kubernetes readiness: the database answers (as /api/health) AND every migration this
 * release ships is applied. A new release's pods stay out of the Service until the
 * migrate Job (or the first replica to start) has brought the schema forward.
 */
export async function checkReadiness(shipped: () => string[] = shippedMigrationNames): Promise<TReadiness> {
  const health = await checkHealth();
  if (!health.ok) return health;
  try {
    const handle = getDbHandle();
    const seen = SEEN_APPLIED.get(handle) ?? new Set<string>();
    SEEN_APPLIED.set(handle, seen);
    const names = shipped();
    // Once seen applied, a migration stays applied: a ready process asks the database only
    // whether it answers (on the embedded database the migrations' query would wait behind every read).
    if (names.some((name) => !seen.has(name))) for (const name of await appliedMigrationNames()) seen.add(name);
    const pending = names.filter((name) => !seen.has(name));
    return pending.length === 0 ? health : { ...health, ok: false, error: "migrations pending", pendingMigrations: pending };
  } catch {
    return { ...health, ok: false, error: "migration check failed" };
  }
}
