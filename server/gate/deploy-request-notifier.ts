import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";

/**
 * Wakes long-polls (GET /api/v1/deploy-requests/{id}?wait=N) when a request changes,
 * without polling the database per waiting client: every writer in this process calls
 * announceDeployRequestChange after its transaction commits, and every waiter listens
 * here for its request id.
 *
 * Across processes (Postgres with several web/worker processes), writers also send
 * NOTIFY on the `plumbline_deploy_requests` channel inside their transaction
 * (gate.repository.ts) and deploy-request-listener.ts relays what other processes sent.
 * The payload carries this process's instance id so it does not wake its own waiters twice.
 *
 * Kept on globalThis: Next's route bundles (the waiters) and the workers (the expiry
 * writer) load this module separately but run in one process.
 */
interface TNotifierState {
  emitter: EventEmitter;
  instanceId: string;
  /** Per request id: waiters asleep in next() right now. */
  sleeping: Map<string, number>;
}

const STATE_KEY = Symbol.for("plumbline.gate.deploy-request-notifier");
type GlobalWithNotifier = typeof globalThis & { [STATE_KEY]?: TNotifierState };

function state(): TNotifierState {
  const g = globalThis as GlobalWithNotifier;
  if (!g[STATE_KEY]) {
    const emitter = new EventEmitter();
    // One listener per waiting client: hundreds of CI jobs may wait at once.
    emitter.setMaxListeners(0);
    g[STATE_KEY] = { emitter, instanceId: randomUUID(), sleeping: new Map() };
  }
  return g[STATE_KEY];
}

/** The NOTIFY payload for a change of request `id` made by this process. */
export function deployRequestNotifyPayload(id: string): string {
  return JSON.stringify({ id, origin: state().instanceId });
}

/** Call after the transaction that changed request `id` committed. */
export function announceDeployRequestChange(id: string): void {
  state().emitter.emit(id);
}

/** A NOTIFY from the database: wake local waiters unless this process sent it (it already did). */
export function relayDeployRequestNotification(payload: string | undefined): void {
  if (!payload) return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return;
  }
  if (parsed === null || typeof parsed !== "object" || !("id" in parsed) || typeof parsed.id !== "string") return;
  const origin = "origin" in parsed ? parsed.origin : undefined;
  if (origin === state().instanceId) return;
  state().emitter.emit(parsed.id);
}

export type TWakeReason = "changed" | "timeout" | "aborted";

export interface TChangeSubscription {
  /** Resolves at the next change (or at once if one happened since the last call), the timeout, or abort. */
  next(timeoutMs: number, signal?: AbortSignal): Promise<TWakeReason>;
  close(): void;
}

/**
 * Subscribe BEFORE reading the request's current state: a change landing between the
 * read and the wait is then remembered, not lost.
 */
export function subscribeToDeployRequest(id: string): TChangeSubscription {
  const { emitter, sleeping } = state();
  const setSleeping = (delta: number) => {
    const count = (sleeping.get(id) ?? 0) + delta;
    if (count > 0) sleeping.set(id, count);
    else sleeping.delete(id);
  };
  let changed = false;
  let wake: ((reason: TWakeReason) => void) | null = null;
  const onChange = () => {
    changed = true;
    wake?.("changed");
  };
  emitter.on(id, onChange);
  return {
    next(timeoutMs, signal) {
      if (changed) {
        changed = false;
        return Promise.resolve("changed");
      }
      if (signal?.aborted) return Promise.resolve("aborted");
      return new Promise<TWakeReason>((resolve) => {
        const finish = (reason: TWakeReason) => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", onAbort);
          setSleeping(-1);
          wake = null;
          changed = false;
          resolve(reason);
        };
        const onAbort = () => finish("aborted");
        const timer = setTimeout(() => finish("timeout"), Math.max(0, timeoutMs));
        signal?.addEventListener("abort", onAbort, { once: true });
        setSleeping(1);
        wake = finish;
      });
    },
    close() {
      emitter.off(id, onChange);
      wake?.("aborted");
    },
  };
}

/** Waiting clients in this process: subscribed to `id` (for tests and diagnostics). */
export function countDeployRequestWaiters(id: string): number {
  return state().emitter.listenerCount(id);
}

/**
 * Waiting clients in this process that have read the request and are asleep until a
 * change, their deadline or the expiry (for tests: a change made now must wake them).
 * Updated synchronously: right after announceDeployRequestChange(id) it is 0 until the
 * woken waiters have read again and gone back to sleep.
 */
export function countSleepingDeployRequestWaiters(id: string): number {
  return state().sleeping.get(id) ?? 0;
}
