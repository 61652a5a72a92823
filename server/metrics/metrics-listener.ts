import http from "node:http";
import type { Logger } from "pino";
import { METRICS_PATH, serveMetrics } from "./serve-metrics.ts";

/**
 * PLUMBLINE_METRICS_PORT: a listener that serves /metrics and nothing else, for any role
 * (a `--role workers` process has no web port to scrape).
 */
export function startMetricsListener(port: number, host: string, log: Logger): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    if (new URL(req.url ?? "/", "http://localhost").pathname !== METRICS_PATH) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Only /metrics is served on this port.\n");
      return;
    }
    serveMetrics(req, res, "metrics-port").catch((error: unknown) => {
      log.error({ err: error }, "metrics request failed");
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}
