/**
 * Polls `check` until it returns something other than undefined/false/null, then returns
 * it. Tests wait for conditions, not for fixed times, so they are as fast as the system
 * and only slow when it is.
 */
export async function waitFor<T>(what: string, check: () => T | undefined | null | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = check();
    if (result !== undefined && result !== null && result !== false) return result;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
