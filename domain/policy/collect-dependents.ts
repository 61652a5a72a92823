export interface PolicyEdge {
  /** null = a caller outside the mesh (Linkerd/Istio "unknown" source). */
  caller: string | null;
  callee: string;
  /** Requests per second; null when only declared (no telemetry for it). */
  requestRate: number | null;
}

export interface CollectedDependent {
  slug: string;
  /** Hops on the shortest path to the service: 1 = calls it directly. */
  depth: number;
  /** Product of shares along the strongest path, 0..1; null when no path has known rates. */
  trafficShare: number | null;
  /** trafficShare × the service's total inbound rate: requests per second reaching it on this dependent's behalf. */
  requestRate: number | null;
  /** Services between the dependent and the service on the strongest path (empty for a direct call). */
  via: string[];
}

interface Inbound {
  /** Sum of known rates from every caller, unknown callers included. */
  totalRate: number;
  /** Named callers and their merged rate (null = no edge for that pair has a rate). */
  callers: Map<string, number | null>;
}

interface PathState {
  share: number | null;
  via: string[];
}

/**
 * The dependents of `service` up to `maxDepth` hops, with how much of its traffic each
 * one accounts for. Pure and O(maxDepth × edges); the server should pass the edges
 * into every service within maxDepth - 1 hops of `service` (all of them, so the
 * inbound totals are right), not the whole graph.
 *
 * - Edges for the same caller → callee pair (one per source) are merged: rates summed,
 *   null only when none has a rate.
 * - trafficShare of a direct caller = its rate / the callee's total inbound rate.
 *   Unknown callers (caller null) count in that total but are never dependents.
 * - For depth > 1 the share is the product of shares along the path (A sends 50 % of
 *   B's traffic, B sends 40 % of S's, so A accounts for 20 % of S's traffic), assuming
 *   a service's outbound calls are driven by its inbound ones in proportion. With
 *   several paths the strongest one counts (a lower bound when paths add up; it never
 *   overstates). A path with an unknown rate has an unknown share; the dependent's
 *   share is null only when every path is unknown.
 * - depth is the shortest hop count; cycles and self-calls are ignored (a self-call is
 *   neither a dependent nor traffic from another service, so it is left out of totals).
 */
export function collectDependents(edges: readonly PolicyEdge[], service: string, maxDepth: number): CollectedDependent[] {
  if (!Number.isInteger(maxDepth) || maxDepth < 0) throw new RangeError(`maxDepth must be a whole number >= 0, got ${maxDepth}`);
  const inbound = indexInbound(edges);
  const serviceTotal = inbound.get(service)?.totalRate ?? 0;
  const best = new Map<string, { depth: number; state: PathState; directRate: number | null }>();

  let frontier = new Map<string, PathState>([[service, { share: 1, via: [] }]]);
  for (let depth = 1; depth <= maxDepth && frontier.size > 0; depth += 1) {
    const next = new Map<string, PathState>();
    for (const [callee, calleeState] of frontier) {
      const calleeInbound = inbound.get(callee);
      if (calleeInbound === undefined) continue;
      const via = callee === service ? [] : [callee, ...calleeState.via];
      for (const [caller, rate] of calleeInbound.callers) {
        if (caller === service || via.includes(caller)) continue;
        const edgeShare = rate === null ? null : calleeInbound.totalRate > 0 ? rate / calleeInbound.totalRate : 0;
        const share = calleeState.share === null || edgeShare === null ? null : calleeState.share * edgeShare;
        const candidate: PathState = { share, via };
        const known = best.get(caller);
        if (known === undefined) {
          best.set(caller, { depth, state: candidate, directRate: depth === 1 ? rate : null });
        } else if (isStronger(candidate, known.state)) {
          known.state = candidate;
        } else {
          continue;
        }
        // Only a caller whose strongest path just improved can improve its own callers.
        const queued = next.get(caller);
        if (queued === undefined || isStronger(candidate, queued)) next.set(caller, candidate);
      }
    }
    frontier = next;
  }

  const dependents: CollectedDependent[] = [];
  for (const [slug, { depth, state, directRate }] of best) {
    // For a direct path use the measured edge rate as is, not share × total with its rounding.
    const requestRate = state.via.length === 0 && directRate !== null ? directRate : state.share === null ? null : state.share * serviceTotal;
    dependents.push({ slug, depth, trafficShare: state.share, requestRate, via: state.via });
  }
  return dependents.sort((a, b) => a.depth - b.depth || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
}

function isStronger(candidate: PathState, current: PathState): boolean {
  if (candidate.share === null) return false;
  return current.share === null || candidate.share > current.share;
}

function indexInbound(edges: readonly PolicyEdge[]): Map<string, Inbound> {
  const inbound = new Map<string, Inbound>();
  for (const { caller, callee, requestRate } of edges) {
    if (caller === callee) continue;
    // A negative or non-finite rate is a broken measurement: treat it as unknown, not as traffic.
    const rate = requestRate !== null && Number.isFinite(requestRate) && requestRate >= 0 ? requestRate : null;
    let entry = inbound.get(callee);
    if (entry === undefined) {
      entry = { totalRate: 0, callers: new Map() };
      inbound.set(callee, entry);
    }
    if (rate !== null) entry.totalRate += rate;
    if (caller === null) continue;
    const previous = entry.callers.get(caller);
    entry.callers.set(caller, previous === undefined ? rate : previous === null ? rate : rate === null ? previous : previous + rate);
  }
  return inbound;
}
