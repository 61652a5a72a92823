export interface TWaitForOptions {
  /** Give up (and fail, naming what was awaited) after this long. */
  timeoutMs?: number;
  /** Pause between two looks; raise it for checks that cost something (a Prometheus query, a database read). */
  intervalMs?: number;
  /** Added to the timeout error: what the system looked like when the wait gave up. */
  detail?: () => string;
}

type TTruthy<T> = Exclude<T, undefined | null | false>;

/**
 * The one way tests wait: polls `check` (sync or async) until it returns something other
 * than undefined/null/false, and returns that at once. Tests wait for conditions, not for
 * fixed times, so they are as fast as the system and only slow when it is; the timeout
 * only bounds a failure. A fixed sleep in a test needs a `// sleep: <why>` comment
 * (server/testing/no-test-sleeps.test.ts enforces it).
 */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, options: TWaitForOptions | number = {}): Promise<TTruthy<T>> {
  const { timeoutMs = 15_000, intervalMs = 10, detail } = typeof options === "number" ? { timeoutMs: options } : options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result !== undefined && result !== null && result !== false) return result as TTruthy<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail ? `; ${detail()}` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
