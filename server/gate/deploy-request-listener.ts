import pg from "pg";
import { getDbHandle } from "@/server/db/client.ts";
import { logger } from "@/server/logger.ts";
import { relayDeployRequestNotification } from "./deploy-request-notifier.ts";
import { DEPLOY_REQUESTS_CHANNEL } from "./gate.repository.ts";

/**
 * LISTEN on `plumbline_deploy_requests` so a long-poll in this process wakes when
 * another process (a second web process, the workers) changes a request. One dedicated
 * pg connection per process, opened when the first long-poll arrives; reconnects with
 * backoff. While it is down, waiters still return at their timeout with a fresh read:
 * slower, never wrong.
 *
 * Embedded PGlite is one process by construction (only one may open its data
 * directory), so the in-process notifier is enough there and no listener is started.
 */
interface TListenerState {
  client: pg.Client | null;
  ready: Promise<void> | null;
  retryMs: number;
  retryTimer: NodeJS.Timeout | null;
  stopped: boolean;
}

const STATE_KEY = Symbol.for("plumbline.gate.deploy-request-listener");
type GlobalWithListener = typeof globalThis & { [STATE_KEY]?: TListenerState };
const MAX_RETRY_MS = 30_000;

function state(): TListenerState {
  const g = globalThis as GlobalWithListener;
  g[STATE_KEY] ??= { client: null, ready: null, retryMs: 500, retryTimer: null, stopped: false };
  return g[STATE_KEY];
}

/** Resolves once LISTEN is active (or failed; a retry is then scheduled). A no-op on PGlite. */
export function ensureDeployRequestListener(): Promise<void> {
  const config = getDbHandle().config;
  if (config.kind !== "postgres") return Promise.resolve();
  const s = state();
  s.stopped = false;
  s.ready ??= connect(s, config.url);
  return s.ready;
}

async function connect(s: TListenerState, url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, application_name: "plumbline-deploy-listener" });
  const reconnect = (error?: unknown) => {
    if (s.client === client) s.client = null;
    client.removeAllListeners();
    client.end().catch(() => {});
    if (s.stopped || s.retryTimer) return;
    if (error) logger.warn({ err: error, retryInMs: s.retryMs }, "deploy-request listener lost its connection; long-polls fall back to their timeout until it is back");
    s.retryTimer = setTimeout(() => {
      s.retryTimer = null;
      s.ready = connect(s, url);
    }, s.retryMs);
    s.retryTimer.unref();
    s.retryMs = Math.min(MAX_RETRY_MS, s.retryMs * 2);
  };
  client.on("notification", (message) => {
    if (message.channel === DEPLOY_REQUESTS_CHANNEL) relayDeployRequestNotification(message.payload);
  });
  client.on("error", reconnect);
  client.on("end", () => reconnect(new Error("connection ended")));
  try {
    await client.connect();
    await client.query(`LISTEN ${DEPLOY_REQUESTS_CHANNEL}`);
    s.client = client;
    s.retryMs = 500;
  } catch (error) {
    reconnect(error);
  }
}

/** Closes the listener connection (tests, shutdown). */
export async function stopDeployRequestListener(): Promise<void> {
  const s = state();
  s.stopped = true;
  if (s.retryTimer) clearTimeout(s.retryTimer);
  s.retryTimer = null;
  const client = s.client;
  s.client = null;
  s.ready = null;
  if (client) {
    client.removeAllListeners();
    await client.end().catch(() => {});
  }
}
