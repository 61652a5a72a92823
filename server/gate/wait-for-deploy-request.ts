import { ensureDeployRequestListener } from "./deploy-request-listener.ts";
import { subscribeToDeployRequest } from "./deploy-request-notifier.ts";
import type { TDeployRequestDto } from "./gate.schemas.ts";
import { loadDeployRequestRow } from "./get-deploy-request.ts";
import { toDeployRequestDto } from "./to-deploy-request-dto.ts";

const LISTENER_READY_TIMEOUT_MS = 2_000;

/**
 * GET …/deploy-requests/{id}?wait=N: answers at once unless the request is pending;
 * otherwise waits up to N seconds and answers as soon as anything about it changes (its
 * status, or one team's decision), or when its expiry passes. No polling: the waiter
 * sleeps on the in-process notifier (and, on Postgres, LISTEN/NOTIFY relays changes made
 * by other processes) and reads the database once per wake-up.
 */
export async function waitForDeployRequest(
  organizationId: string,
  id: string,
  options: {
    waitSeconds: number;
    baseUrl: string;
    signal?: AbortSignal;
    /** The clock the deadline and the expiry are read on (tests pass their own). */
    now?: () => number;
  },
): Promise<TDeployRequestDto> {
  const now = options.now ?? Date.now;
  const deadline = now() + options.waitSeconds * 1000;
  const read = async () => toDeployRequestDto(await loadDeployRequestRow(organizationId, id), options.baseUrl);
  if (options.waitSeconds <= 0) return read();

  // Subscribe before the first read so a change landing in between is not missed.
  const subscription = subscribeToDeployRequest(id);
  try {
    await Promise.race([ensureDeployRequestListener(), new Promise((resolve) => setTimeout(resolve, LISTENER_READY_TIMEOUT_MS).unref())]);
    const first = await read();
    let current = first;
    while (current.status === "pending" && fingerprint(current) === fingerprint(first)) {
      const left = deadline - now();
      if (left <= 0) break;
      // Wake at the expiry too: the read then expires the request and the caller hears at once.
      const untilExpiry = current.expiresAt === null ? Infinity : Date.parse(current.expiresAt) - now() + 50;
      const reason = await subscription.next(Math.max(0, Math.min(left, untilExpiry)), options.signal);
      if (reason === "aborted") break;
      current = await read();
    }
    return current;
  } finally {
    subscription.close();
  }
}

/** What a waiting client cares about: the status and each approval's state. */
function fingerprint(request: TDeployRequestDto): string {
  return [request.status, ...request.approvals.map((approval) => `${approval.team}:${approval.status}`)].join("|");
}
