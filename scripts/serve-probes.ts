import http from "node:http";
import { checkHealth } from "@/server/health/check-health.ts";
import { checkReadiness } from "@/server/health/check-readiness.ts";

const PROBES: Record<string, () => Promise<{ ok: boolean }>> = {
  "/api/health/live": () => Promise.resolve({ ok: true }),
  "/api/health": checkHealth,
  "/api/health/ready": checkReadiness,
};

/**
 * A workers-role process serves no pages; it answers only the probe paths, with the
 * bodies and status codes of the web role's routes (app/api/health/…), on PORT.
 */
export function serveProbes(port: number, hostname: string): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const probe = req.method === "GET" ? PROBES[new URL(req.url ?? "/", "http://probe").pathname] : undefined;
    if (!probe) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    probe().then(
      (result) => res.writeHead(result.ok ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify(result)),
      () => res.writeHead(503, { "content-type": "application/json" }).end(JSON.stringify({ ok: false })),
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => resolve(server));
  });
}
