import { endpointKey } from "./read-workload-labels.ts";
import type { TResolutionRule, TWorkloadResolver } from "./resolve-workload-service.ts";
import type { EdgeSample, ServiceWindowCounts, WorkloadRef } from "./telemetry-types.ts";
import { windowSeconds, type WindowName } from "./telemetry-windows.ts";

/**
 * Coverage: for one telemetry source, every endpoint its series named, attributed to a
 * service (with the rule that matched) or unmatched (with the reason). Nothing the worker
 * read disappears without a word, and the traffic figures add up:
 * `total = attributed + callerUnmatched + calleeUnmatched`.
 */

/** Where the endpoint appeared: calling on an edge, called on an edge, receiving on an inbound (SLI) series. */
export type TCoverageRole = "caller" | "callee" | "inbound";

export interface TCoverageEndpoint {
  role: TCoverageRole;
  /** Stable key of the endpoint within the source and role. */
  key: string;
  namespace: string;
  workload: string;
  /** The endpoint-naming labels present on its series. */
  labels: Record<string, string>;
  /** Requests per second through this endpoint (edges: over the rate range; inbound: over the shortest window). */
  requestRate: number;
  serviceId: string | null;
  serviceSlug: string | null;
  rule: TResolutionRule | null;
  matchedName: string | null;
  /** Why no service matched; null when one did. */
  reason: string | null;
}

export interface TCoverageTraffic {
  /** Σ edge rates read. */
  total: number;
  /** Both ends attributed, or a caller outside the mesh. */
  attributed: number;
  /** Callee attributed, caller not: kept as the callee's unknown caller. */
  callerUnmatched: number;
  /** Callee not attributed: the edge cannot be stored. */
  calleeUnmatched: number;
}

export interface TTelemetryCoverage {
  endpoints: TCoverageEndpoint[];
  matchedEndpoints: number;
  unmatchedEndpoints: number;
  traffic: TCoverageTraffic;
}

export function buildTelemetryCoverage(input: {
  edges?: readonly EdgeSample[];
  counts?: readonly ServiceWindowCounts[];
  resolve: TWorkloadResolver;
}): TTelemetryCoverage {
  const endpoints = new Map<string, TCoverageEndpoint>();
  const traffic: TCoverageTraffic = { total: 0, attributed: 0, callerUnmatched: 0, calleeUnmatched: 0 };
  // A source hands the same endpoint object to many series (every call of a workload, each
  // window): found by identity first, the key (labels sorted and joined) is built once per object.
  const byObject: Record<TCoverageRole, Map<WorkloadRef, TCoverageEndpoint>> = { caller: new Map(), callee: new Map(), inbound: new Map() };
  const add = (role: TCoverageRole, endpoint: WorkloadRef, rate: number): boolean => {
    const known = byObject[role].get(endpoint);
    if (known) {
      known.requestRate += rate;
      return known.serviceId !== null;
    }
    const key = endpointKey(endpoint);
    const mapKey = `${role}\u0000${key}`;
    const existing = endpoints.get(mapKey);
    if (existing) {
      byObject[role].set(endpoint, existing);
      existing.requestRate += rate;
      return existing.serviceId !== null;
    }
    const resolution = input.resolve(endpoint);
    const entry: TCoverageEndpoint = {
      role,
      key,
      namespace: endpoint.namespace,
      workload: endpoint.name,
      labels: { ...(endpoint.hints?.labels ?? { namespace: endpoint.namespace, workload: endpoint.name }) },
      requestRate: rate,
      serviceId: resolution.service?.id ?? null,
      serviceSlug: resolution.service?.slug ?? null,
      rule: resolution.service ? resolution.rule : null,
      matchedName: resolution.service ? resolution.matchedName : null,
      reason: resolution.service ? null : resolution.reason,
    };
    endpoints.set(mapKey, entry);
    byObject[role].set(endpoint, entry);
    return resolution.service !== null;
  };

  for (const edge of input.edges ?? []) {
    const rate = edge.requestRate;
    traffic.total += rate;
    const calleeMatched = add("callee", edge.calleeWorkload, rate);
    const callerMatched = edge.callerWorkload === null ? true : add("caller", edge.callerWorkload, rate);
    if (!calleeMatched) traffic.calleeUnmatched += rate;
    else if (!callerMatched) traffic.callerUnmatched += rate;
    else traffic.attributed += rate;
  }

  // Inbound series: the shortest window stands for "now" (its rate is total / seconds).
  const counts = input.counts ?? [];
  const shortest = counts.reduce<WindowName | null>(
    (best, c) => (best === null || windowSeconds(c.window) < windowSeconds(best) ? c.window : best),
    null,
  );
  if (shortest !== null) {
    for (const count of counts) {
      if (count.window === shortest) add("inbound", count.workload, count.total / windowSeconds(shortest));
    }
  }

  const list = [...endpoints.values()].sort(compareCoverage);
  const matchedEndpoints = list.filter((e) => e.serviceId !== null).length;
  return { endpoints: list, matchedEndpoints, unmatchedEndpoints: list.length - matchedEndpoints, traffic };
}

/** Unmatched first (they need a person), then by rate, busiest first. */
function compareCoverage(a: TCoverageEndpoint, b: TCoverageEndpoint): number {
  if ((a.serviceId === null) !== (b.serviceId === null)) return a.serviceId === null ? -1 : 1;
  if (a.requestRate !== b.requestRate) return b.requestRate - a.requestRate;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : a.role < b.role ? -1 : a.role > b.role ? 1 : 0;
}

/** One line for the worker's log. */
export function summarizeCoverage(source: string, coverage: TTelemetryCoverage): string {
  const pct = coverage.traffic.total > 0 ? ((coverage.traffic.attributed / coverage.traffic.total) * 100).toFixed(1) : "n/a";
  return (
    `${source}: ${coverage.matchedEndpoints} endpoints attributed, ${coverage.unmatchedEndpoints} unmatched; ` +
    `edge traffic ${coverage.traffic.total.toFixed(2)} rps: ${pct} % attributed, ` +
    `${coverage.traffic.callerUnmatched.toFixed(2)} rps from unmatched callers (kept as unknown), ${coverage.traffic.calleeUnmatched.toFixed(2)} rps to unmatched callees (not stored)`
  );
}
