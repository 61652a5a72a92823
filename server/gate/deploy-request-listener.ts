import { createNotificationListener } from "@/server/db/notification-listener.ts";
import { relayDeployRequestNotification } from "./deploy-request-notifier.ts";
import { DEPLOY_REQUESTS_CHANNEL } from "./gate.repository.ts";

/**
 * LISTEN on `plumbline_deploy_requests` so a long-poll in this process wakes when
 * another process (a second web process, the workers) changes a request. Opened when the
 * first long-poll arrives. While it is down, waiters still return at their timeout with
 * a fresh read: slower, never wrong. No listener on PGlite (one process).
 */
const listener = createNotificationListener({
  channel: DEPLOY_REQUESTS_CHANNEL,
  name: "deploy-listener",
  onNotification: relayDeployRequestNotification,
  whileDown: "long-polls fall back to their timeout",
});

/** Resolves once LISTEN is active (or failed; a retry is then scheduled). A no-op on PGlite. */
export function ensureDeployRequestListener(): Promise<void> {
  return listener.ensure();
}

/** Closes the listener connection (tests, shutdown). */
export function stopDeployRequestListener(): Promise<void> {
  return listener.stop();
}
