/**
 * How many times the event loop turned while `run` was pending: a callback queued with
 * setImmediate runs only when the work in flight lets go of the thread (a PGlite query in
 * this thread, for one, resolves as a microtask and never does).
 */
export async function countEventLoopTurnsDuring<T>(run: () => Promise<T>): Promise<{ result: T; turns: number }> {
  let turns = 0;
  let ticking = true;
  const tick = () => {
    turns += 1;
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  try {
    return { result: await run(), turns };
  } finally {
    ticking = false;
  }
}
