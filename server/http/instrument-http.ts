import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { getMetrics } from "@/server/metrics/plumbline-metrics.ts";
import { METRICS_PATH, serveMetrics } from "@/server/metrics/serve-metrics.ts";
import { REQUEST_ID_HEADER, resolveRequestId } from "./request-id.ts";

type TNodeHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface TInstrumentOptions {
  /** The route pattern serving a path (createAppRouteResolver), null when none does. */
  resolveRoute: (pathname: string) => string | null;
  log: Logger;
  /**
   * The level of each request's line: "info" where it is an access log (the production
   * start, web replicas), "debug" under `npm start`, where a person reads the console and
   * one JSON line per page load would bury the start-up lines. Probes, scrapes and static
   * assets are always debug.
   */
  requestLogLevel: "info" | "debug";
}

/** Label for paths no route serves (scanners, typos): one series, not one per path. */
export const UNMATCHED_ROUTE = "(unmatched)";
// Any other method a client invents is one label value, not a new series each.
const KNOWN_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
// Requests a person did not make: probes, scrapes and static assets log at debug only.
const QUIET_ROUTES = new Set(["/api/health", METRICS_PATH, "/_next/*"]);

/**
 * Every HTTP request of the web process goes through here before Next sees it: it gets
 * its request id (the caller's X-Request-Id when sane, else a new one), written back
 * into the request so withApi, pages and problem+json bodies use the same one and into
 * the response header; /metrics is answered; and when the answer is sent, the request is
 * counted and timed by route pattern and logged as one structured line. The log line
 * names the route pattern, never the path or query: paths carry invitation tokens.
 */
export function instrumentHttp(handler: TNodeHandler, options: TInstrumentOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const metrics = getMetrics();
  return (req, res) => {
    const started = process.hrtime.bigint();
    const requestId = resolveRequestId(new Headers(typeof req.headers[REQUEST_ID_HEADER] === "string" ? { [REQUEST_ID_HEADER]: req.headers[REQUEST_ID_HEADER] } : {}));
    req.headers[REQUEST_ID_HEADER] = requestId;
    res.setHeader(REQUEST_ID_HEADER, requestId);
    const pathname = pathOf(req.url);
    const route = routeLabel(pathname, options.resolveRoute);
    const method = KNOWN_METHODS.has(req.method ?? "") ? (req.method as string) : "OTHER";
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // A client that went away before the answer was sent: 499, as nginx logs it.
      const status = res.writableFinished ? String(res.statusCode) : "499";
      metrics.httpRequests.inc({ method, route, status });
      metrics.httpRequestDuration.observe({ method, route }, seconds);
      const line = { requestId, method, route, status: Number(status), ms: Math.round(seconds * 1000) };
      if (QUIET_ROUTES.has(route) || options.requestLogLevel === "debug") options.log.debug(line, "request");
      else options.log.info(line, "request");
    };
    res.once("finish", record);
    res.once("close", record);
    const handled = pathname === METRICS_PATH ? serveMetrics(req, res, "web") : handler(req, res);
    handled.catch((error: unknown) => {
      options.log.error({ err: error, requestId, route }, "request failed");
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end(`Internal error (request ${requestId})\n`);
    });
  };
}

function pathOf(url: string | undefined): string {
  try {
    return new URL(url ?? "/", "http://localhost").pathname;
  } catch {
    return "/";
  }
}

function routeLabel(pathname: string, resolveRoute: (pathname: string) => string | null): string {
  if (pathname === METRICS_PATH) return METRICS_PATH;
  if (pathname.startsWith("/_next/")) return "/_next/*";
  return resolveRoute(pathname) ?? UNMATCHED_ROUTE;
}
