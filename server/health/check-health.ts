import { getDbHandle, whenDatabaseReady } from "@/server/db/client.ts";
import { pingDatabase } from "./health.repository.ts";
import { isDatabaseUnavailable } from "@/server/db/is-database-unavailable.ts";
import { logger } from "@/server/logger.ts";

export interface THealth {
  ok: boolean;
  database: string;
  error?: string;
}

export async function checkHealth(): Promise<THealth> {
  // The kind only: /api/health answers anyone, and hosts or paths are the operator's business.
  const database = getDbHandle().config.kind === "postgres" ? "postgres" : "pglite";
  try {
    await whenDatabaseReady();
    await pingDatabase();
    return { ok: true, database };
  } catch (error) {
    // /api/health is public: the reason is fixed text, the driver's message (hosts, users) goes to the log.
    logger.warn({ err: error }, "health check: database unavailable");
    return { ok: false, database, error: isDatabaseUnavailable(error) ? "database unreachable" : "database check failed" };
  }
}
