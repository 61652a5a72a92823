// The image's HEALTHCHECK (compiled to dist/healthcheck.js): exit 0 when this container's
// process answers GET /api/health with 200 (a web process's route, or a workers process's
// probe listener), 1 otherwise. Plain node: the slim image has no curl.
import { getConfig } from "@/server/config/get-config.ts";

const { port } = getConfig().server;
try {
  const response = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(4_000) });
  process.exit(response.ok ? 0 : 1);
} catch {
  process.exit(1);
}
