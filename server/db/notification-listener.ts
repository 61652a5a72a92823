import pg from "pg";
import { getDbHandle } from "@/server/db/client.ts";
import { logger } from "@/server/logger.ts";

/**
 * One dedicated pg connection per process that LISTENs on one channel and hands each
 * payload to `onNotification`; opened on first use, reconnected with backoff. Callers
 * must stay correct while it is down (`isListening()` says whether it is up): a
 * notification sent while no connection listened is lost, so `onConnectionChange` runs
 * whenever the connection is gained or lost and lets the caller drop what only
 * notifications kept fresh.
 *
 * Embedded PGlite is one process by construction (only one may open its data
 * directory): changes are seen in-process there and no listener is started.
 */
export interface TNotificationListenerOptions {
  /** The channel; also names the listener's state and its connection (`plumbline-<name>`). */
  channel: string;
  name: string;
  onNotification: (payload: string | undefined) => void;
  onConnectionChange?: (listening: boolean) => void;
  /** What a lost connection means for the callers, for the warning in the log. */
  whileDown: string;
}

export interface TNotificationListener {
  /** Resolves once LISTEN is active (or failed; a retry is then scheduled). A no-op on PGlite. */
  ensure(): Promise<void>;
  /** True while notifications on the channel reach this process. */
  isListening(): boolean;
  /** Closes the connection (tests, shutdown). */
  stop(): Promise<void>;
}

interface TListenerState {
  /** The database it listens to: a handle switched to another (tests) is not covered. */
  url: string | null;
  client: pg.Client | null;
  ready: Promise<void> | null;
  retryMs: number;
  retryTimer: NodeJS.Timeout | null;
  stopped: boolean;
}

const MAX_RETRY_MS = 30_000;
const FIRST_RETRY_MS = 500;

export function createNotificationListener(options: TNotificationListenerOptions): TNotificationListener {
  // On globalThis: Next's route bundles load this module more than once, and one process
  // needs one connection per channel.
  const stateKey = Symbol.for(`plumbline.notification-listener.${options.name}`);
  type GlobalWithListener = typeof globalThis & { [key: symbol]: TListenerState | undefined };
  const state = (): TListenerState => {
    const g = globalThis as GlobalWithListener;
    g[stateKey] ??= { url: null, client: null, ready: null, retryMs: FIRST_RETRY_MS, retryTimer: null, stopped: false };
    return g[stateKey];
  };
  const setClient = (s: TListenerState, client: pg.Client | null) => {
    const changed = (s.client === null) !== (client === null);
    s.client = client;
    if (changed) options.onConnectionChange?.(client !== null);
  };

  async function connect(s: TListenerState, url: string): Promise<void> {
    const client = new pg.Client({ connectionString: url, application_name: `plumbline-${options.name}` });
    const reconnect = (error?: unknown) => {
      if (s.client === client) setClient(s, null);
      client.removeAllListeners();
      client.end().catch(() => {});
      if (s.stopped || s.retryTimer) return;
      if (error) logger.warn({ err: error, retryInMs: s.retryMs, channel: options.channel }, `${options.name} lost its connection; ${options.whileDown} until it is back`);
      s.retryTimer = setTimeout(() => {
        s.retryTimer = null;
        s.ready = connect(s, url);
      }, s.retryMs);
      s.retryTimer.unref();
      s.retryMs = Math.min(MAX_RETRY_MS, s.retryMs * 2);
    };
    client.on("notification", (message) => {
      if (message.channel === options.channel) options.onNotification(message.payload);
    });
    client.on("error", reconnect);
    client.on("end", () => reconnect(new Error("connection ended")));
    try {
      await client.connect();
      await client.query(`LISTEN ${options.channel}`);
      if (s.stopped) throw new Error("stopped while connecting");
      setClient(s, client);
      s.retryMs = FIRST_RETRY_MS;
    } catch (error) {
      reconnect(s.stopped ? undefined : error);
    }
  }

  async function stop(): Promise<void> {
    const s = state();
    s.stopped = true;
    if (s.retryTimer) clearTimeout(s.retryTimer);
    s.retryTimer = null;
    const client = s.client;
    setClient(s, null);
    s.ready = null;
    if (client) {
      client.removeAllListeners();
      await client.end().catch(() => {});
    }
  }

  return {
    async ensure() {
      const config = getDbHandle().config;
      if (config.kind !== "postgres") return;
      const s = state();
      if (s.url !== null && s.url !== config.url) await stop();
      s.stopped = false;
      s.url = config.url;
      s.ready ??= connect(s, config.url);
      return s.ready;
    },
    isListening() {
      const s = state();
      const config = getDbHandle().config;
      return s.client !== null && config.kind === "postgres" && s.url === config.url;
    },
    stop,
  };
}
