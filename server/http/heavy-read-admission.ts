import type { IncomingMessage, ServerResponse } from "node:http";
import { getConfig } from "@/server/config/get-config.ts";
import { withBackgroundStatements } from "@/server/db/statement-priority.ts";
import { problemResponse } from "./problem.ts";
import { createTenantFairLine } from "./tenant-fair-line.ts";

/**
 * Admission control for the heaviest reads (the /graph and /services pages, the full graph
 * export): at most `limit` run at once in this process; the rest wait in a line that shares
 * the time the slots are held between organizations, and within one between its page
 * renders and its export's chunks (server/http/tenant-fair-line.ts). Each organization may have `queueLimit` waiting;
 * beyond that (or beyond the whole line's bound) the answer is 503 with Retry-After. So one
 * tenant loading /graph in a loop neither refuses nor starves another's catalog page.
 * Everything else (the health checks, the deploy gate, other pages) never waits here: on a
 * 2-core machine one event loop serves all of them, and six concurrent graph renders would
 * otherwise take turns with every gate decision.
 */
export interface THeavyReadAdmission {
  /**
   * Waits for a slot; resolves to its release (call once), or to null when the line is full.
   * `tenant`: whose turn this is (an organization id; unknown callers share "anonymous").
   * `lane`: the kind of work, which takes turns with the tenant's other kinds.
   * `queueWhenFull`: wait even beyond the queue limit (the next chunk of a read already admitted).
   */
  enter(options?: { tenant?: string; lane?: THeavyReadLane; queueWhenFull?: boolean }): Promise<(() => void) | null>;
  /** Whether a read entering now would wait: only then is it worth finding out whose it is. */
  wouldWait(): boolean;
  /** Running and waiting now (metrics, tests). */
  state(): { running: number; waiting: number };
  readonly retryAfterSeconds: number;
}

export type THeavyReadLane = "page" | "export";

/** Callers that could not be told apart (signed out, or the session lookup failed). */
export const ANONYMOUS_HEAVY_READ_TENANT = "anonymous";

/**
 * The whole line holds at most this many organizations' full queues: waiting requests hold
 * sockets and memory, and anyone who can sign up can make organizations.
 */
export const HEAVY_READ_LINE_TENANT_SHARES = 4;

export function createHeavyReadAdmission(options: { limit: number; queueLimit: number; retryAfterSeconds: number; now?: () => number }): THeavyReadAdmission {
  const now = options.now ?? (() => performance.now());
  let running = 0;
  const line = createTenantFairLine<(release: () => void) => void>();
  const lineBound = options.queueLimit * HEAVY_READ_LINE_TENANT_SHARES;
  /** A turn of `tenant`'s `lane`, begun now: its release charges the time it held the slot. */
  const slot = (tenant: string, lane: string): (() => void) => {
    let released = false;
    const began = now();
    return () => {
      if (released) return;
      released = true;
      line.finish(tenant, lane, now() - began);
      const next = line.shift();
      // The slot passes straight to the next in line, so a newcomer cannot overtake it.
      if (next) next.item(slot(next.tenant, next.lane));
      else running -= 1;
    };
  };
  return {
    retryAfterSeconds: options.retryAfterSeconds,
    enter({ tenant = ANONYMOUS_HEAVY_READ_TENANT, lane = "page", queueWhenFull = false } = {}) {
      if (running < options.limit) {
        running += 1;
        line.begin(tenant, lane);
        return Promise.resolve(slot(tenant, lane));
      }
      const full = line.waitingOf(tenant) >= options.queueLimit || line.size >= lineBound;
      if (full && !queueWhenFull) return Promise.resolve(null);
      return new Promise((resolve) => line.push(tenant, lane, resolve));
    },
    wouldWait: () => running >= options.limit,
    state: () => ({ running, waiting: line.size }),
  };
}

/** A large read takes about a second: by then a place in line is likely free. */
export const HEAVY_READ_RETRY_AFTER_SECONDS = 2;

const KEY = Symbol.for("plumbline.heavyReadAdmission");
type GlobalWithAdmission = typeof globalThis & { [KEY]?: THeavyReadAdmission };

/**
 * This process's admission, from the configuration; on globalThis so the custom server and
 * Next's route bundles (the export, which takes a slot per chunk) share one line.
 */
export function heavyReadAdmission(): THeavyReadAdmission {
  const g = globalThis as GlobalWithAdmission;
  const { concurrency, queue } = getConfig().heavyReads;
  return (g[KEY] ??= createHeavyReadAdmission({ limit: concurrency, queueLimit: queue, retryAfterSeconds: HEAVY_READ_RETRY_AFTER_SECONDS }));
}

type TNodeHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * The heavy pages, by path: GET (and HEAD) only, held from admission to the last byte;
 * /services/{slug} and everything else pass. The graph export is not here: it streams for
 * seconds, mostly waiting on its client, so it takes a slot for each chunk it reads and
 * writes (server/graph/export-service-graph.ts) and pages get their turns in between.
 */
export const HEAVY_READ_PATHS: ReadonlySet<string> = new Set(["/graph", "/services"]);

export function isHeavyRead(method: string | undefined, url: string | undefined): boolean {
  if (method !== "GET" && method !== "HEAD") return false;
  const pathname = (url ?? "/").split("?")[0] ?? "/";
  return HEAVY_READ_PATHS.has(pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname);
}

/** Whose turn a heavy read is: its organization, found from the request (its session cookie). */
export type THeavyReadTenantOf = (req: IncomingMessage) => Promise<string>;

/**
 * Wraps the web server's handler: a heavy read holds a slot from when it is admitted until
 * its response is finished or its client went away; a full line answers 503
 * application/problem+json with Retry-After at once (nothing was read). Whose read it is
 * is looked up only when it would wait: an idle server adds no session lookup.
 */
export function withHeavyReadAdmission(handler: TNodeHandler, admission: THeavyReadAdmission, tenantOf: THeavyReadTenantOf): TNodeHandler {
  return async (req, res) => {
    if (!isHeavyRead(req.method, req.url)) return handler(req, res);
    const tenant = admission.wouldWait() ? await tenantOf(req).catch(() => ANONYMOUS_HEAVY_READ_TENANT) : ANONYMOUS_HEAVY_READ_TENANT;
    const release = await admission.enter({ tenant, lane: "page" });
    if (!release) return sendBusy(res, admission.retryAfterSeconds, req.headers["x-request-id"]);
    res.once("close", release);
    // The client left while it waited: free the slot without doing the work.
    if (res.destroyed || req.destroyed) {
      release();
      return;
    }
    // Its statements wait behind everyone else's on the embedded database (statement-priority.ts).
    return withBackgroundStatements(() => handler(req, res));
  };
}

/** The 503 problem for a heavy read refused at once (a route that admits itself, like the export). */
export function heavyReadsBusyProblem(retryAfterSeconds: number, requestId: string): Response {
  return problemResponse({
    code: "heavy-reads-busy",
    detail: `This server is already serving its share of large reads (service graph, service list, graph export); the deploy gate and other requests go first. Retry after ${retryAfterSeconds} s.`,
    headers: { "retry-after": String(retryAfterSeconds) },
    extra: { retryAfterSeconds },
    requestId,
  });
}

async function sendBusy(res: ServerResponse, retryAfterSeconds: number, requestIdHeader: string | string[] | undefined): Promise<void> {
  const response = heavyReadsBusyProblem(retryAfterSeconds, typeof requestIdHeader === "string" ? requestIdHeader : "");
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(await response.text());
}
