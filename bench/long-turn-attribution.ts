// Puts a stretch of a thread's time down to what its V8 CPU profile sampled in it (used by
// bench/long-turn-profile.ts for the event loop's long turns).
import type { TCallFrame, TCpuProfile, TProfileNode } from "./cpu-profile-format.ts";

export interface TTurnCause {
  /** The stretch's length, ms. */
  wallMs: number;
  /** No sample covered it: the thread was not running (a sampler that did not tick either). */
  unsampledMs: number;
  /** "(garbage collector)" samples. */
  gcMs: number;
  /** "(idle)" samples: the loop waited (the turn's edges, or a timer's own period). */
  idleMs: number;
  /** By the deepest frame of ours on the stack (not node_modules, not Node's internals). */
  own: Map<string, number>;
  /** Samples with no frame of ours, by package and function of the sampled frame ("(program)": V8 itself). */
  library: Map<string, number>;
  /** Every non-GC, non-idle sample by its sampled (innermost) frame: package and function, or ours. */
  leaf: Map<string, number>;
}

/** The time the thread ran in the stretch (sampled, idle excluded), ms. */
export const runningMs = (c: TTurnCause) => c.wallMs - c.unsampledMs - c.idleMs;

/** Our code: the server bundle and the app's compiled chunks, not node_modules or Node's internals. */
export const isOwnFrame = (f: TCallFrame) => f.url !== "" && !f.url.includes("node_modules") && !f.url.startsWith("node:");

/** "next: renderToStream" for a frame under node_modules/next/…; "node:internal…" frames by their module. */
export function libraryKey(f: TCallFrame): string {
  const name = f.functionName || "(anonymous)";
  if (f.url === "") return name;
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f.url);
  if (inModules?.[1]) return `${inModules[1]}: ${name}`;
  return `${f.url.replace(/^.*\//, "")}: ${name}`;
}

/** Whether a frame is our code, and its name: for ours, function and place; for a library's, package and function. */
export type TDescribeFrame = (f: TCallFrame) => { own: boolean; name: string };

const shortPlace = (f: TCallFrame) => `${f.functionName || "(anonymous)"} ${f.url.replace(/^.*\//, "")}:${f.lineNumber + 1}`;

/** By the frame's URL alone (bundles that inline libraries count as ours: see long-turn-profile.ts's source maps). */
export const describeByUrl: TDescribeFrame = (f) => (isOwnFrame(f) ? { own: true, name: shortPlace(f) } : { own: false, name: libraryKey(f) });

interface TIndexedProfile {
  byId: Map<number, TProfileNode>;
  parent: Map<number, number>;
  /** Each sample's time, µs on the profile's clock. */
  times: number[];
  /** How long one sample may stand for: twice the usual interval. Beyond that the thread was not sampled. */
  maxSampleUs: number;
}

const indexed = new WeakMap<TCpuProfile, TIndexedProfile>();

function indexProfile(profile: TCpuProfile): TIndexedProfile {
  const known = indexed.get(profile);
  if (known) return known;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const times: number[] = [];
  let clock = profile.startTime;
  for (const delta of profile.timeDeltas) times.push((clock += delta));
  const deltas = profile.timeDeltas.filter((d) => d > 0).sort((a, b) => a - b);
  const median = deltas[Math.floor(deltas.length / 2)] ?? 1000;
  const result = { byId, parent, times, maxSampleUs: 2 * median };
  indexed.set(profile, result);
  return result;
}

/** First index whose time is ≥ t (binary search). */
function firstAtOrAfter(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((times[mid] ?? Number.POSITIVE_INFINITY) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * What ran in [fromUs, toUs) on the profile's clock. A sample stands for the time from it to
 * the next one, at most twice the usual interval; the rest of the stretch is "unsampled".
 */
export function attributeTurn(profile: TCpuProfile, fromUs: number, toUs: number, describe: TDescribeFrame = describeByUrl): TTurnCause {
  const { byId, parent, times, maxSampleUs } = indexProfile(profile);
  const cause: TTurnCause = { wallMs: (toUs - fromUs) / 1000, unsampledMs: 0, gcMs: 0, idleMs: 0, own: new Map(), library: new Map(), leaf: new Map() };
  let coveredUs = 0;
  // The sample before the stretch may cover its start.
  for (let i = Math.max(0, firstAtOrAfter(times, fromUs) - 1); i < times.length; i++) {
    const start = times[i] ?? 0;
    if (start >= toUs) break;
    const next = times[i + 1] ?? start + maxSampleUs;
    const end = Math.min(next, start + maxSampleUs);
    const overlapUs = Math.min(end, toUs) - Math.max(start, fromUs);
    if (overlapUs <= 0) continue;
    coveredUs += overlapUs;
    const ms = overlapUs / 1000;
    const node = byId.get(profile.samples[i] ?? -1);
    if (!node) continue;
    const fn = node.callFrame.functionName;
    if (fn === "(garbage collector)") cause.gcMs += ms;
    else if (fn === "(idle)") cause.idleMs += ms;
    else {
      let own: string | null = null;
      for (let at: number | undefined = node.id; at !== undefined && own === null; at = parent.get(at)) {
        const frame = byId.get(at)?.callFrame;
        const described = frame ? describe(frame) : null;
        if (described?.own) own = described.name;
      }
      const [map, key] = own !== null ? [cause.own, own] : [cause.library, describe(node.callFrame).name];
      map.set(key, (map.get(key) ?? 0) + ms);
      const leaf = describe(node.callFrame).name;
      cause.leaf.set(leaf, (cause.leaf.get(leaf) ?? 0) + ms);
    }
  }
  cause.unsampledMs = Math.max(0, cause.wallMs - coveredUs / 1000);
  return cause;
}

/** Sums of several turns' causes. */
export function summarizeCauses(causes: readonly TTurnCause[]): TTurnCause {
  const sum: TTurnCause = { wallMs: 0, unsampledMs: 0, gcMs: 0, idleMs: 0, own: new Map(), library: new Map(), leaf: new Map() };
  for (const c of causes) {
    sum.wallMs += c.wallMs;
    sum.unsampledMs += c.unsampledMs;
    sum.gcMs += c.gcMs;
    sum.idleMs += c.idleMs;
    for (const [k, v] of c.own) sum.own.set(k, (sum.own.get(k) ?? 0) + v);
    for (const [k, v] of c.library) sum.library.set(k, (sum.library.get(k) ?? 0) + v);
    for (const [k, v] of c.leaf) sum.leaf.set(k, (sum.leaf.get(k) ?? 0) + v);
  }
  return sum;
}
