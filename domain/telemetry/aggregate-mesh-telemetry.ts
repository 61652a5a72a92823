import { edgeKey } from "@/domain/graph/edge-key.ts";
import { compactNumberRecord } from "./compact-number-record.ts";
import { endpointKey } from "./read-workload-labels.ts";
import type { TWorkloadResolver } from "./resolve-workload-service.ts";
import type { EdgeSample, ServiceWindowCounts, WorkloadRef } from "./telemetry-types.ts";
import type { WindowName } from "./telemetry-windows.ts";

/**
 * From what the mesh measured per workload to what the catalog shows per service.
 *
 * A service may run as several workloads (one per cluster, a canary beside the stable
 * Deployment). Their edges towards the same counterpart are merged: rates add up, the
 * success ratio is weighted by rate, and each latency percentile is the *maximum* of
 * the workloads' percentiles. That last one is an approximation on purpose: the true
 * percentile of the merged traffic needs the histograms, which the source has already
 * reduced; the maximum is an upper bound (never flatters the service) and equals the
 * truth when one workload carries the traffic.
 */

export interface TServiceEdge {
  key: string;
  /** null = a caller outside the mesh, or a workload no catalog service claims. */
  callerId: string | null;
  callerSlug: string | null;
  calleeId: string;
  calleeSlug: string;
  requestRate: number;
  successRatio: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  latencyP99Ms: number | null;
  /**
   * Traffic by the callee's version (Istio `destination_canonical_revision`), so a rollout
   * shows v2 and v3 side by side; rates add up to `requestRate` when every sample named a
   * version. null when no sample named one (Linkerd, or labels absent).
   */
  calleeVersions: TEdgeVersion[] | null;
}

export interface TEdgeVersion {
  version: string;
  requestRate: number;
  successRatio: number | null;
}

export interface TEdgeAggregation {
  edges: TServiceEdge[];
  /** Callees no service claims: their edges cannot be stored (an edge needs a callee). */
  unmappedCallees: WorkloadRef[];
  /** Meshed callers no service claims: their traffic is kept as the callee's unknown callers. */
  unmappedCallers: WorkloadRef[];
  /** Edges from a service to itself (e.g. between two of its workloads), dropped. */
  selfEdgesDropped: number;
}

interface EdgeAccumulator {
  edge: TServiceEdge;
  /** Σ rate × success over samples that had a ratio, and the rate they cover. */
  weightedSuccess: number;
  judgedRate: number;
  /** Made when a sample names a version (Linkerd's never do). */
  versions: Map<string, { rate: number; weightedSuccess: number; judgedRate: number }> | null;
}

export function aggregateEdgeSamples(samples: readonly EdgeSample[], resolve: TWorkloadResolver): TEdgeAggregation {
  const byKey = new Map<string, EdgeAccumulator>();
  const unmappedCallees = new Map<string, WorkloadRef>();
  const unmappedCallers = new Map<string, WorkloadRef>();
  let selfEdgesDropped = 0;

  for (const sample of samples) {
    const callee = resolve(sample.calleeWorkload).service;
    if (!callee) {
      unmappedCallees.set(endpointKey(sample.calleeWorkload), sample.calleeWorkload);
      continue;
    }
    let caller = sample.callerWorkload ? resolve(sample.callerWorkload).service : null;
    if (sample.callerWorkload && !caller) {
      unmappedCallers.set(endpointKey(sample.callerWorkload), sample.callerWorkload);
      caller = null;
    }
    if (caller && caller.id === callee.id) {
      selfEdgesDropped += 1;
      continue;
    }
    const key = edgeKey("mesh", caller?.slug ?? null, callee.slug);
    let accumulator = byKey.get(key);
    if (accumulator === undefined) {
      accumulator = {
        edge: {
          key,
          callerId: caller?.id ?? null,
          callerSlug: caller?.slug ?? null,
          calleeId: callee.id,
          calleeSlug: callee.slug,
          requestRate: 0,
          successRatio: null,
          latencyP50Ms: null,
          latencyP95Ms: null,
          latencyP99Ms: null,
          calleeVersions: null,
        },
        weightedSuccess: 0,
        judgedRate: 0,
        versions: null,
      };
      byKey.set(key, accumulator);
    }
    const edge = accumulator.edge;
    edge.requestRate += sample.requestRate;
    const judged = sample.successRatio !== null && sample.requestRate > 0;
    if (judged) {
      accumulator.weightedSuccess += sample.requestRate * (sample.successRatio ?? 0);
      accumulator.judgedRate += sample.requestRate;
    }
    const version = sample.calleeWorkload.hints?.canonicalRevision;
    if (version !== undefined) {
      accumulator.versions ??= new Map();
      const entry = accumulator.versions.get(version) ?? { rate: 0, weightedSuccess: 0, judgedRate: 0 };
      entry.rate += sample.requestRate;
      if (judged) {
        entry.weightedSuccess += sample.requestRate * (sample.successRatio ?? 0);
        entry.judgedRate += sample.requestRate;
      }
      accumulator.versions.set(version, entry);
    }
    edge.latencyP50Ms = maxOfKnown(edge.latencyP50Ms, sample.latencyP50Ms);
    edge.latencyP95Ms = maxOfKnown(edge.latencyP95Ms, sample.latencyP95Ms);
    edge.latencyP99Ms = maxOfKnown(edge.latencyP99Ms, sample.latencyP99Ms);
  }

  // Each accumulator's edge is finished in place (no copy per edge: 100,000 per round).
  const edges: TServiceEdge[] = [];
  for (const { edge, weightedSuccess, judgedRate, versions } of byKey.values()) {
    edge.successRatio = judgedRate > 0 ? clampRatio(weightedSuccess / judgedRate) : null;
    edge.calleeVersions =
      versions === null || versions.size === 0
        ? null
        : [...versions]
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .map(([version, v]) => ({ version, requestRate: v.rate, successRatio: v.judgedRate > 0 ? clampRatio(v.weightedSuccess / v.judgedRate) : null }));
    edges.push(edge);
  }
  edges.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { edges, unmappedCallees: [...unmappedCallees.values()], unmappedCallers: [...unmappedCallers.values()], selfEdgesDropped };
}

export interface TServiceWindowCounts {
  serviceId: string;
  window: WindowName;
  total: number;
  good: number;
  /** Threshold (ms, as text) → requests faster than it. Only thresholds every workload of the service answered. */
  latencyGood: Record<string, number>;
  /** Thresholds whose count some workload interpolated inside a bucket → the widest such bucket (ms). */
  latencyInterpolated: Record<string, readonly [number, number]>;
}

/**
 * Sums each service's workloads per window; workloads no service claims are returned apart.
 *
 * Most services run as one workload: their counts are taken as the source gave them (the
 * source's records are already compact, server/telemetry/README.md), and the maps that
 * merge several workloads are built only for a service and window with a second one —
 * at 80,000 counts per round the per-row maps were most of this function's time and garbage.
 */
export function aggregateServiceCounts(
  counts: readonly ServiceWindowCounts[],
  resolve: TWorkloadResolver,
): { rows: TServiceWindowCounts[]; unmapped: WorkloadRef[] } {
  // Per service id, per window: the counts of its workloads, in the order the source gave them.
  const byService = new Map<string, Map<WindowName, ServiceWindowCounts[]>>();
  const unmapped = new Map<string, WorkloadRef>();
  for (const count of counts) {
    const service = resolve(count.workload).service;
    if (!service) {
      unmapped.set(endpointKey(count.workload), count.workload);
      continue;
    }
    let windows = byService.get(service.id);
    if (windows === undefined) {
      windows = new Map();
      byService.set(service.id, windows);
    }
    const parts = windows.get(count.window);
    if (parts === undefined) windows.set(count.window, [count]);
    else parts.push(count);
  }
  const result: TServiceWindowCounts[] = [];
  for (const [serviceId, windows] of byService) {
    for (const [window, parts] of windows) {
      const only = parts.length === 1 ? parts[0] : undefined;
      result.push(only === undefined ? mergeWorkloadCounts(serviceId, window, parts) : singleWorkloadCounts(serviceId, window, only));
    }
  }
  return { rows: result, unmapped: [...unmapped.values()] };
}

const NO_INTERPOLATION: Record<string, readonly [number, number]> = Object.freeze({});

/** One workload's counts as the service's: its records reused when already what a merge would give. */
function singleWorkloadCounts(serviceId: string, window: WindowName, count: ServiceWindowCounts): TServiceWindowCounts {
  const given = count.latencyGood ?? {};
  let reusable = true;
  for (const threshold in given) {
    const value = given[threshold] as number;
    if (!(value <= count.total) || !Number.isFinite(value)) {
      reusable = false;
      break;
    }
  }
  const latencyGood = reusable ? given : compactNumberRecord(Object.entries(given).map(([threshold, value]) => [threshold, Math.min(value, count.total)] as const));
  const interpolated = count.latencyInterpolated;
  let latencyInterpolated = NO_INTERPOLATION;
  if (interpolated !== undefined) {
    const kept = Object.entries(interpolated).filter(([threshold]) => threshold in latencyGood);
    if (kept.length > 0) latencyInterpolated = Object.fromEntries(kept.map(([threshold, [lower, upper]]) => [threshold, [lower, upper] as const]));
  }
  return { serviceId, window, total: count.total, good: Math.min(count.good, count.total), latencyGood, latencyInterpolated };
}

/** Several workloads of one service in one window: totals add, each threshold kept only when every workload answered it. */
function mergeWorkloadCounts(serviceId: string, window: WindowName, parts: readonly ServiceWindowCounts[]): TServiceWindowCounts {
  let total = 0;
  let good = 0;
  const latencyGood = new Map<string, number>();
  const thresholdHits = new Map<string, number>();
  const interpolated = new Map<string, readonly [number, number]>();
  for (const count of parts) {
    total += count.total;
    good += Math.min(count.good, count.total);
    for (const [threshold, value] of Object.entries(count.latencyGood ?? {})) {
      latencyGood.set(threshold, (latencyGood.get(threshold) ?? 0) + Math.min(value, count.total));
      thresholdHits.set(threshold, (thresholdHits.get(threshold) ?? 0) + 1);
    }
    for (const [threshold, [lower, upper]] of Object.entries(count.latencyInterpolated ?? {})) {
      const known = interpolated.get(threshold);
      interpolated.set(threshold, known ? [Math.min(known[0], lower), Math.max(known[1], upper)] : [lower, upper]);
    }
  }
  // A threshold one workload could not answer is unknown for the service: a partial sum would read as "slow".
  const compactGood = compactNumberRecord([...latencyGood].filter(([threshold]) => thresholdHits.get(threshold) === parts.length));
  const latencyInterpolated = Object.fromEntries([...interpolated].filter(([threshold]) => threshold in compactGood));
  return { serviceId, window, total, good: Math.min(good, total), latencyGood: compactGood, latencyInterpolated };
}

function maxOfKnown(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

function clampRatio(value: number): number {
  return Math.min(1, Math.max(0, value));
}
