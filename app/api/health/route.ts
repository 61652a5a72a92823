import { checkHealth } from "@/server/health/check-health.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const health = await checkHealth();
  return Response.json(health, { status: health.ok ? 200 : 503, headers: health.ok ? {} : { "retry-after": "5" } });
}
