// Whole-organization aggregates (totals, the team-level view) cost a pass over every edge:
// hundreds of ms at 100,000 edges. They are shared for a few seconds per organization and
// process, and concurrent requests wait on the same query instead of each starting one, so
// a page open in many tabs costs one aggregate per window, not one per request. The graph
// is refreshed every 15 s by the page; the mesh writes every 15 s: a 10 s window shows
// nothing older than the page's own refresh would.

export const GRAPH_AGGREGATE_TTL_MS = 10_000;
const MAX_ENTRIES = 256;

const KEY = Symbol.for("plumbline.graph.aggregates");
type TEntry = { at: number; value: Promise<unknown> };
type GlobalWithCache = typeof globalThis & { [KEY]?: Map<string, TEntry> };

/** `load()`'s answer for `key`, reused for GRAPH_AGGREGATE_TTL_MS; a failed load is not kept. */
export function sharedAggregate<T>(key: string, load: () => Promise<T>, now = Date.now()): Promise<T> {
  const g = globalThis as GlobalWithCache;
  const cache = (g[KEY] ??= new Map());
  const hit = cache.get(key);
  if (hit && now - hit.at < GRAPH_AGGREGATE_TTL_MS) return hit.value as Promise<T>;
  const value = load();
  cache.set(key, { at: now, value });
  value.catch(() => {
    if (cache.get(key)?.value === value) cache.delete(key);
  });
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  return value;
}
