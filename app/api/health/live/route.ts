export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Liveness probe: the process serves requests. It touches no database on purpose: when
 * Postgres is down every pod would fail a database check, and restarting them all cures
 * nothing (readiness, /api/health/ready, takes them out of the Service instead).
 */
export function GET(): Response {
  return Response.json({ ok: true });
}
