import type { IncomingMessage, ServerResponse } from "node:http";
import { getConfig } from "@/server/config/get-config.ts";
import { logger } from "@/server/logger.ts";
import { metricsAccess } from "./metrics-access.ts";
import { getMetrics } from "./plumbline-metrics.ts";
import { installScrapeGauges } from "./scrape-gauges.ts";

export const METRICS_PATH = "/metrics";

/**
 * GET /metrics in Prometheus's text format, answered by the custom server itself (not a
 * Next route): it then reads the same registry as the workers in this process without
 * going through Next's bundle, and a `--role workers` process can serve it too.
 */
export async function serveMetrics(req: IncomingMessage, res: ServerResponse, listener: "web" | "metrics-port"): Promise<void> {
  const access = metricsAccess(req.headers.authorization, getConfig().metrics.token, listener);
  if (access === "not-found") {
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found\n");
    return;
  }
  if (access === "unauthorized") {
    res.writeHead(401, { "content-type": "text/plain; charset=utf-8", "www-authenticate": 'Bearer realm="metrics"' }).end("Send PLUMBLINE_METRICS_TOKEN as a bearer token.\n");
    return;
  }
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD" }).end();
    return;
  }
  const metrics = getMetrics();
  installScrapeGauges(metrics);
  try {
    const body = await metrics.registry.metrics();
    res.writeHead(200, { "content-type": metrics.registry.contentType, "cache-control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : body);
  } catch (error) {
    // A gauge read at scrape time failed (database down): say so; Prometheus marks the target down.
    logger.warn({ err: error }, "metrics scrape failed");
    res.writeHead(503, { "content-type": "text/plain; charset=utf-8" }).end("Metrics could not be read; see the logs.\n");
  }
}
