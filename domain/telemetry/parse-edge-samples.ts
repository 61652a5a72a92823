import { EDGE_QUANTILES } from "./build-mesh-queries.ts";
import { MESH_DIALECT_LABELS } from "./mesh-dialect-labels.ts";
import { describeLabels, parsePrometheusVector } from "./parse-prometheus-vector.ts";
import { parseLinkerdIdentity } from "./resolve-workload-service.ts";
import { compareWorkloads, endpointKey, readEndpoint, workloadKey } from "./read-workload-labels.ts";
import { TelemetryDataError } from "./telemetry-data-error.ts";
import type { EdgeSample, MeshDialect, WorkloadRef } from "./telemetry-types.ts";

/**
 * Turns the answers to `edgeTraffic` and `edgeLatency` (build-mesh-queries.ts) into
 * edge samples.
 *
 * Unknown callers: Istio names them (`source_workload="unknown"`, reported by the
 * destination's proxy). Linkerd's inbound series name a caller only by its TLS identity
 * (`client_id`, empty for a caller without a proxy). For Linkerd the traffic no caller's
 * proxy reported is derived per callee as
 *
 *     remainder = inbound rate - sum of meshed outbound rates towards the callee
 *
 * and its success ratio from the same difference of success rates. Inbound and
 * outbound are counted by different proxies and scraped at different moments, so the
 * difference jitters around zero when every caller is meshed. It is reported only
 * above `minRps` AND above `minShare` of the callee's inbound rate; a negative
 * difference (e.g. client-side retries) means none.
 *
 * Who sent the remainder: when no caller's proxy reported the callee at all (outbound
 * series dropped for cardinality, or the callers' namespaces not scraped: "inbound-only"),
 * every `client_id` on its inbound series is a caller, exactly, named by its identity (the
 * service resolution maps it through the service accounts discovery saw), and the series
 * without one are the unknown caller. When some callers' proxies did report, the inbound
 * series cannot say which identities the outbound side already counted (outbound series
 * carry the callee's identity, not the caller's), so the remainder stays one unknown caller.
 */

export interface UnknownCallerThresholds {
  /** Smallest derived rate (rps) reported as an unknown caller. */
  minRps: number;
  /** Smallest derived share of the callee's inbound rate reported as an unknown caller. */
  minShare: number;
}

export const DEFAULT_UNKNOWN_CALLER_THRESHOLDS: UnknownCallerThresholds = { minRps: 0.01, minShare: 0.05 };

export interface ParseEdgeSamplesInput {
  dialect: MeshDialect;
  /** `data` of the `edgeTraffic` instant query. */
  traffic: unknown;
  /** `data` of the `edgeLatency` instant query. */
  latency: unknown;
  unknownCaller?: UnknownCallerThresholds;
}

interface EdgeAccumulator {
  caller: WorkloadRef | null;
  callee: WorkloadRef;
  total?: number;
  good?: number;
  p50?: number | null;
  p95?: number | null;
  p99?: number | null;
}

interface InboundAccumulator {
  workload: WorkloadRef;
  total?: number;
  good?: number;
  /** The same per caller identity (`client_id`; "" = none). */
  byClient: Map<string, { total?: number; good?: number }>;
}

// Sums of the same counters over a subset of series may differ from the full sum by
// float rounding only; anything larger is not a rounding artefact.
const RELATIVE_EPSILON = 1e-9;

export function parseEdgeSamples(input: ParseEdgeSamplesInput): EdgeSample[] {
  const { dialect } = input;
  const labels = MESH_DIALECT_LABELS[dialect];
  const trafficWhat = `${dialect} edge traffic`;
  const latencyWhat = `${dialect} edge latency`;
  const edges = new Map<string, EdgeAccumulator>();
  const inbound = new Map<string, InboundAccumulator>();
  const problems: string[] = [];

  // Endpoints a series names only partly (no workload label) still make edges: the
  // service resolution reports them as unmatched with a reason instead of losing them.
  const edgeOf = (series: Readonly<Record<string, string>>): EdgeAccumulator => {
    const callee = readEndpoint(series, labels.callee, dialect);
    const unknownCaller = labels.unknownWorkload !== null && labels.caller.workload.some((name) => series[name] === labels.unknownWorkload);
    const caller: WorkloadRef | null = unknownCaller ? null : readEndpoint(series, labels.caller, dialect);
    const key = `${caller === null ? "?" : endpointKey(caller)}->${endpointKey(callee)}`;
    const existing = edges.get(key);
    if (existing) return existing;
    const created: EdgeAccumulator = { caller, callee };
    edges.set(key, created);
    return created;
  };

  const trafficSlis = dialect === "linkerd" ? ["total", "good", "inbound_total", "inbound_good"] : ["total", "good"];
  for (const sample of parsePrometheusVector(input.traffic, trafficWhat)) {
    const sli = sample.labels.sli ?? "";
    if (!trafficSlis.includes(sli)) {
      problems.push(`series ${describeLabels(sample.labels)} has sli ${JSON.stringify(sli)}, expected one of ${trafficSlis.join(", ")}`);
      continue;
    }
    if (sample.value < 0) {
      problems.push(`series ${describeLabels(sample.labels)} has a negative rate ${sample.value}`);
      continue;
    }
    if (sli === "inbound_total" || sli === "inbound_good") {
      const workload = readEndpoint(sample.labels, labels.inbound, dialect);
      const key = endpointKey(workload);
      const entry: InboundAccumulator = inbound.get(key) ?? { workload, byClient: new Map() };
      inbound.set(key, entry);
      const field = sli === "inbound_total" ? "total" : "good";
      const client = labels.inboundCallerIdentity === undefined ? "" : (sample.labels[labels.inboundCallerIdentity] ?? "");
      const perClient = entry.byClient.get(client) ?? {};
      entry.byClient.set(client, perClient);
      if (perClient[field] !== undefined) problems.push(`series ${describeLabels(sample.labels)} appears twice`);
      perClient[field] = sample.value;
      entry[field] = (entry[field] ?? 0) + sample.value;
      continue;
    }
    const edge = edgeOf(sample.labels);
    const field = sli === "total" ? "total" : "good";
    if (edge[field] !== undefined) problems.push(`series ${describeLabels(sample.labels)} appears twice`);
    edge[field] = sample.value;
  }

  // NaN is what histogram_quantile answers for an edge without requests in the range.
  for (const sample of parsePrometheusVector(input.latency, latencyWhat, { allowNaN: true })) {
    const sli = sample.labels.sli ?? "";
    const quantile = EDGE_QUANTILES.find((q) => q.sli === sli);
    if (!quantile) {
      problems.push(`latency series ${describeLabels(sample.labels)} has sli ${JSON.stringify(sli)}, expected p50, p95 or p99`);
      continue;
    }
    if (sample.value < 0) {
      problems.push(`latency series ${describeLabels(sample.labels)} has a negative latency ${sample.value}`);
      continue;
    }
    const edge = edgeOf(sample.labels);
    if (edge[quantile.sli] !== undefined) problems.push(`latency series ${describeLabels(sample.labels)} appears twice`);
    edge[quantile.sli] = Number.isNaN(sample.value) ? null : sample.value;
  }

  const result: EdgeSample[] = [];
  for (const edge of edges.values()) {
    // Latency without traffic happens when a histogram outlives its counter; there is no
    // rate to report, so the edge is not invented from latency alone.
    if (edge.total === undefined) {
      if (edge.good !== undefined) problems.push(`edge ${describeEdge(edge)} has a good rate but no total rate`);
      continue;
    }
    // No good series at all while a total exists means every request failed.
    const good = checkedGood(edge.good ?? 0, edge.total, `edge ${describeEdge(edge)}`, problems);
    result.push({
      callerWorkload: edge.caller,
      calleeWorkload: edge.callee,
      requestRate: edge.total,
      successRatio: edge.total > 0 ? good / edge.total : null,
      latencyP50Ms: edge.p50 ?? null,
      latencyP95Ms: edge.p95 ?? null,
      latencyP99Ms: edge.p99 ?? null,
    });
  }

  for (const entry of inbound.values()) {
    if (entry.total === undefined) {
      if (entry.good !== undefined) problems.push(`inbound ${workloadKey(entry.workload)} has a success rate but no total rate`);
      continue;
    }
    checkedGood(entry.good ?? 0, entry.total, `inbound ${workloadKey(entry.workload)}`, problems);
  }
  if (problems.length > 0) throw new TelemetryDataError(`${dialect} edges`, problems);

  if (dialect === "linkerd") result.push(...deriveInboundCallers(result, inbound, input.unknownCaller ?? DEFAULT_UNKNOWN_CALLER_THRESHOLDS));
  return result.sort(compareEdges);
}

function deriveInboundCallers(
  meshed: readonly EdgeSample[],
  inbound: ReadonlyMap<string, InboundAccumulator>,
  thresholds: UnknownCallerThresholds,
): EdgeSample[] {
  const outboundByCallee = new Map<string, { total: number; good: number }>();
  for (const edge of meshed) {
    const key = workloadKey(edge.calleeWorkload);
    const sum = outboundByCallee.get(key) ?? { total: 0, good: 0 };
    sum.total += edge.requestRate;
    sum.good += edge.requestRate * (edge.successRatio ?? 0);
    outboundByCallee.set(key, sum);
  }
  const derived: EdgeSample[] = [];
  for (const entry of inbound.values()) {
    // Inbound series that name no workload (Linkerd's relabelling missing) cannot be
    // matched with any outbound side; the service counts report them as unmatched.
    if (entry.workload.name === "") continue;
    const key = workloadKey(entry.workload);
    const inboundTotal = entry.total ?? 0;
    const outbound = outboundByCallee.get(key);
    if (outbound === undefined) {
      // No caller's proxy reported this callee: its inbound series are the whole truth, per caller identity.
      for (const [clientId, counts] of [...entry.byClient].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        const total = counts.total ?? 0;
        if (total <= 0) continue;
        derived.push(inboundEdge(identityCaller(clientId), entry.workload, total, (counts.good ?? 0) / total));
      }
      continue;
    }
    const rate = inboundTotal - outbound.total;
    if (rate <= thresholds.minRps || rate <= thresholds.minShare * inboundTotal) continue;
    const goodRate = (entry.good ?? 0) - outbound.good;
    // Different proxies may classify the same request differently (a client-side
    // timeout is a server-side success), so the derived ratio is clamped to [0, 1].
    derived.push(inboundEdge(null, entry.workload, rate, Math.min(1, Math.max(0, goodRate / rate))));
  }
  return derived;
}

function inboundEdge(caller: WorkloadRef | null, callee: WorkloadRef, rate: number, successRatio: number): EdgeSample {
  return {
    callerWorkload: caller,
    calleeWorkload: callee,
    requestRate: rate,
    successRatio: Math.min(1, Math.max(0, successRatio)),
    // The inbound latency histogram is not split by caller here, and a difference of
    // histograms is no distribution: unknown rather than borrowed from another caller.
    latencyP50Ms: null,
    latencyP95Ms: null,
    latencyP99Ms: null,
  };
}

/**
 * The caller a Linkerd `client_id` names: no workload name (the series has none), the
 * identity's namespace, and the identity for the service resolution to map through the
 * service accounts discovery saw. No identity: a caller without a proxy (unknown).
 */
function identityCaller(clientId: string): WorkloadRef | null {
  if (clientId === "") return null;
  return {
    namespace: parseLinkerdIdentity(clientId)?.namespace ?? "",
    name: "",
    hints: { dialect: "linkerd", workloadLabel: "client_id", labels: { client_id: clientId }, identity: clientId },
  };
}

/** good, clamped to total when it exceeds it by float rounding only; a problem when by more. */
function checkedGood(good: number, total: number, what: string, problems: string[]): number {
  if (good <= total) return good;
  if (good <= total * (1 + RELATIVE_EPSILON)) return total;
  problems.push(`${what} has more good (${good}) than total (${total}) requests`);
  return total;
}

function describeEdge(edge: EdgeAccumulator): string {
  return `${edge.caller === null ? "unknown" : workloadKey(edge.caller)} -> ${workloadKey(edge.callee)}`;
}

function compareEdges(a: EdgeSample, b: EdgeSample): number {
  const byCallee = compareWorkloads(a.calleeWorkload, b.calleeWorkload);
  if (byCallee !== 0) return byCallee;
  if (a.callerWorkload === null || b.callerWorkload === null) {
    return a.callerWorkload === b.callerWorkload ? 0 : a.callerWorkload === null ? -1 : 1;
  }
  return compareWorkloads(a.callerWorkload, b.callerWorkload);
}
