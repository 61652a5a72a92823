import { getConfig } from "@/server/config/get-config.ts";
import { getDbHandle, whenDatabaseReady } from "@/server/db/client.ts";
import type { TLiveness } from "@/server/db/pglite-worker-client.ts";
import { pingDatabase } from "./health.repository.ts";
import { isDatabaseUnavailable } from "@/server/db/is-database-unavailable.ts";
import { logger } from "@/server/logger.ts";

export interface THealth {
  ok: boolean;
  database: string;
  error?: string;
}

/** The database did not answer within PLUMBLINE_HEALTH_DATABASE_TIMEOUT. */
class NoAnswerError extends Error {}

/**
 * Whether the database answers, within PLUMBLINE_HEALTH_DATABASE_TIMEOUT. Postgres: a ping on
 * the pool. The embedded database has one connection that reads queue for, so health asks its
 * worker for proof of life instead of queueing a ping behind them (PGliteWorkerClient.liveness).
 */
export async function checkHealth(): Promise<THealth> {
  const handle = getDbHandle();
  // The kind only: /api/health answers anyone, and hosts or paths are the operator's business.
  const database = handle.config.kind === "postgres" ? "postgres" : "pglite";
  const { databaseTimeoutMs, embeddedProofMs } = getConfig().health;
  try {
    await withinMs(databaseTimeoutMs, whenDatabaseReady());
    const liveness = await handle.pglite?.liveness?.({ proofMs: embeddedProofMs, timeoutMs: databaseTimeoutMs });
    if (liveness && !liveness.alive) {
      logger.warn({ err: liveness.error, reason: liveness.reason }, "health check: embedded database unavailable");
      return { ok: false, database, error: EMBEDDED_DOWN[liveness.reason] };
    }
    if (!liveness) await withinMs(databaseTimeoutMs, pingDatabase());
    return { ok: true, database };
  } catch (error) {
    // /api/health is public: the reason is fixed text, the driver's message (hosts, users) goes to the log.
    logger.warn({ err: error }, "health check: database unavailable");
    if (error instanceof NoAnswerError) return { ok: false, database, error: "database not answering" };
    return { ok: false, database, error: isDatabaseUnavailable(error) ? "database unreachable" : "database check failed" };
  }
}

const EMBEDDED_DOWN: Record<Extract<TLiveness, { alive: false }>["reason"], string> = {
  // The worker thread died or was closed: as a Postgres that went away.
  stopped: "database unreachable",
  "no answer": "database not answering",
  failed: "database check failed",
};

/** `work`, or NoAnswerError after `ms` (the work itself goes on: a ping cannot be called back). */
async function withinMs<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NoAnswerError(`no answer from the database in ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
