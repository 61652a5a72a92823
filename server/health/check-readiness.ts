import { shippedMigrationNames } from "@/server/db/migration-names.ts";
import { checkHealth, type THealth } from "./check-health.ts";
import { appliedMigrationNames } from "./health.repository.ts";

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
    const applied = new Set(await appliedMigrationNames());
    const pending = shipped().filter((name) => !applied.has(name));
    return pending.length === 0 ? health : { ...health, ok: false, error: "migrations pending", pendingMigrations: pending };
  } catch {
    return { ...health, ok: false, error: "migration check failed" };
  }
}
