import { checkReadiness } from "@/server/health/check-readiness.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Readiness probe: database reachable and this release's migrations applied. /api/health is liveness. */
export async function GET(): Promise<Response> {
  const readiness = await checkReadiness();
  return Response.json(readiness, { status: readiness.ok ? 200 : 503, headers: readiness.ok ? {} : { "retry-after": "5" } });
}
