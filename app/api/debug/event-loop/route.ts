import { getConfig } from "@/server/config/get-config.ts";
import { readEventLoopDelay } from "@/server/health/event-loop-delay.ts";
import { readProcessMemory } from "@/server/health/process-memory.ts";
import { readEmbeddedDatabaseMemory, readEmbeddedStatementTimes } from "@/server/health/embedded-database-memory.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const STATEMENT_LIMIT = 25;

/**
 * Benchmarks only (PLUMBLINE_DEBUG_EVENT_LOOP=1): the web process's event-loop delay
 * (`?reset=1` starts a new window) and its memory (`process.memoryUsage()`, MB), so a
 * soak can tell JavaScript heap from Buffers and native memory; on the embedded database, its
 * worker thread's wasm memory and heap (`embeddedDatabase`, MB). `?statements=1` adds the
 * statements that held the embedded database longest in sum since the last
 * `?statements=reset` (`embeddedStatements`, server/db/statement-time-profile.ts).
 */
export async function GET(request: Request): Promise<Response> {
  if (!getConfig().debug.eventLoop) return new Response("Not Found", { status: 404 });
  const reset = new URL(request.url).searchParams.get("reset") === "1";
  const loop = readEventLoopDelay(reset);
  const statements = new URL(request.url).searchParams.get("statements");
  const embeddedStatements = statements === "1" || statements === "reset" ? await readEmbeddedStatementTimes(STATEMENT_LIMIT, statements === "reset") : undefined;
  return Response.json(
    { ...loop, memory: readProcessMemory(), embeddedDatabase: await readEmbeddedDatabaseMemory(), ...(embeddedStatements === undefined ? {} : { embeddedStatements }) },
    { headers: { "cache-control": "no-store" } },
  );
}
