/** Prisma's codes for "the database is not there right now" (not: the query was wrong). */
const PRISMA_UNAVAILABLE = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
/** Driver adapter error kinds with the same meaning. */
const ADAPTER_UNAVAILABLE = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections", "DatabaseShuttingDown"]);
/** Postgres SQLSTATEs: connection exceptions (08…) and operator intervention (57P0…). */
const SQLSTATE_UNAVAILABLE = /^(08\d{3}|57P0[1-4])$/;
/** Node socket errors on the way to the database. */
const SOCKET_UNAVAILABLE = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENOTFOUND"]);

/**
 * Whether `error` says the database cannot be reached (down, restarting, out of
 * connections) rather than that a query failed: such errors are answered 503 with
 * Retry-After, never a 500, and the request can simply be retried.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 5 || error === null || typeof error !== "object") return false;
  const record = error as Record<string, unknown>;
  const code = typeof record.code === "string" ? record.code : undefined;
  if (code && (PRISMA_UNAVAILABLE.has(code) || SQLSTATE_UNAVAILABLE.test(code) || SOCKET_UNAVAILABLE.has(code))) return true;
  const kind = readAdapterKind(record);
  if (kind && ADAPTER_UNAVAILABLE.has(kind)) return true;
  if (typeof record.message === "string" && /Connection terminated|Can't reach database server|connection (is )?closed|the database system is (starting up|shutting down)/i.test(record.message)) {
    return true;
  }
  return isDatabaseUnavailable(record.cause, depth + 1);
}

function readAdapterKind(record: Record<string, unknown>): string | undefined {
  const meta = record.meta as { driverAdapterError?: { cause?: { kind?: unknown } } } | undefined;
  const fromMeta = meta?.driverAdapterError?.cause?.kind;
  if (typeof fromMeta === "string") return fromMeta;
  const cause = record.cause as { kind?: unknown } | undefined;
  return record.name === "DriverAdapterError" && typeof cause?.kind === "string" ? cause.kind : undefined;
}
