import { TIER_DEFAULT_SLOS } from "@/domain/slo/tier-default-slos.ts";
import type { WorkloadRef } from "@/domain/telemetry/telemetry-types.ts";
import { normalQuantile } from "./normal-distribution.ts";
import { seededUnit } from "./seeded-unit.ts";

/** An SLO the simulated service should (normally) meet; objective in percent, as stored. */
export interface TDemoSloTarget {
  kind: "availability" | "latency";
  objective: number;
  latencyThresholdMs: number | null;
}

/** What the simulator needs from the catalog: services with their owner team and SLOs, and declared calls. */
export interface TDemoTopology {
  services: readonly { slug: string; ownerTeamSlug: string | null; tier: number | null; slos?: readonly TDemoSloTarget[] }[];
  edges: readonly { callerSlug: string; calleeSlug: string }[];
}

export interface TDemoServiceModel {
  slug: string;
  /** `{namespace: <owner team slug>, name: <service slug>}`, as the demo Kubernetes cluster names it. */
  workload: WorkloadRef;
  tier: number | null;
  /** Inbound requests per second at the daily average (the diurnal curve swings around it). */
  inboundRps: number;
  /** Errors the service makes on a good day, as a fraction of its requests. */
  baselineErrorRate: number;
  /** The fraction of errors its strictest availability SLO allows (0.001 for 99.9 %), else its tier default's. */
  errorBudgetRatio: number;
  /** Log-normal latency: median and shape; p95/p99 follow from them. */
  latencyMedianMs: number;
  latencySigma: number;
}

export interface TDemoEdgeModel {
  key: string;
  /** null = traffic from outside the mesh (browsers, mobile apps, partners). */
  callerSlug: string | null;
  calleeSlug: string;
  /** Requests per second at the daily average. */
  rps: number;
  /** true for a call the mesh sees that the catalog does not declare. */
  isUndeclared: boolean;
}

export interface TDemoMeshModel {
  seed: number;
  services: ReadonlyMap<string, TDemoServiceModel>;
  edges: readonly TDemoEdgeModel[];
  /** Declared calls deliberately left without traffic (shown as declared-only). */
  idleDeclaredEdges: readonly { callerSlug: string; calleeSlug: string }[];
  /**
   * Workloads no catalog service and no discovered workload names, calling a service: what
   * the telemetry coverage view lists as unmatched until someone claims them.
   */
  unclaimedCallers: readonly { workload: WorkloadRef; calleeSlug: string; rps: number }[];
}

/** Load above which a service's calls stop multiplying (its callees still see every call it makes). */
const MAX_FAN_OUT_LOAD_RPS = 5000;
// Front doors by name: they take traffic from outside even when something in the mesh calls them too.
const FRONT_DOOR_NAME = /(^|-)(gateway|frontend|web|bff|ingress|edge)(-|$)/;
// Demo flavour, only when the example catalog's services exist: one call the mesh sees
// but nobody declared, so the page can show the difference between the two sources.
const UNDECLARED_CALL = { callerSlug: "recommendations", calleeSlug: "feature-flags" } as const;
/** A batch job outside the catalog reading order history: the coverage view's unmatched row. */
const UNCLAIMED_CALLER = { workload: { namespace: "batch", name: "nightly-report" }, calleeSlug: "order-history", rps: 2 } as const;

/**
 * Turns the catalog's declared topology into a believable mesh, deterministically for a
 * seed: outside traffic enters at the front doors, every call fans out to the callee in
 * proportion to the caller's own load, latencies and a low baseline error rate per
 * service. See domain/demo/README.md for the model.
 */
export function buildDemoMeshModel(topology: TDemoTopology, seed: number): TDemoMeshModel {
  const services = new Map<string, TDemoTopology["services"][number]>();
  for (const service of topology.services) services.set(service.slug, service);

  const outgoing = new Map<string, string[]>();
  const incoming = new Map<string, number>();
  const seen = new Set<string>();
  for (const edge of topology.edges) {
    const pair = `${edge.callerSlug}->${edge.calleeSlug}`;
    if (edge.callerSlug === edge.calleeSlug || seen.has(pair)) continue;
    if (!services.has(edge.callerSlug) || !services.has(edge.calleeSlug)) continue;
    seen.add(pair);
    const callees = outgoing.get(edge.callerSlug);
    if (callees) callees.push(edge.calleeSlug);
    else outgoing.set(edge.callerSlug, [edge.calleeSlug]);
    incoming.set(edge.calleeSlug, (incoming.get(edge.calleeSlug) ?? 0) + 1);
  }
  const undeclared =
    services.has(UNDECLARED_CALL.callerSlug) && services.has(UNDECLARED_CALL.calleeSlug) && !seen.has(`${UNDECLARED_CALL.callerSlug}->${UNDECLARED_CALL.calleeSlug}`)
      ? UNDECLARED_CALL
      : null;
  const idle = pickIdleDeclaredEdge([...seen], services, seed);

  // External traffic, scaled by tier: a tier-3 batch job is not a storefront.
  const external = new Map<string, number>();
  for (const service of services.values()) {
    const hasCallers = (incoming.get(service.slug) ?? 0) > 0;
    const hasCallees = (outgoing.get(service.slug)?.length ?? 0) > 0;
    const u = seededUnit(seed, "external", service.slug);
    const tierScale = service.tier === 3 ? 0.05 : service.tier === 2 ? 0.4 : 1;
    let rps = 0;
    if (!hasCallers && hasCallees) rps = (60 + 90 * u) * tierScale;
    else if (!hasCallers) rps = 0.5 + 3 * u;
    else if (FRONT_DOOR_NAME.test(service.slug)) rps = (15 + 25 * u) * tierScale;
    if (rps > 0) external.set(service.slug, rps);
  }

  // Propagate load in topological order; services in a cycle come last, in slug order,
  // and a call back into an already computed service adds to its inbound rate only.
  const inbound = new Map<string, number>(external);
  const edges: TDemoEdgeModel[] = [];
  for (const [slug, rps] of external) {
    edges.push({ key: `unknown->${slug}`, callerSlug: null, calleeSlug: slug, rps, isUndeclared: false });
  }
  for (const caller of topologicalOrder([...services.keys()], outgoing)) {
    const callees = [...(outgoing.get(caller) ?? [])];
    if (undeclared && caller === undeclared.callerSlug) callees.push(undeclared.calleeSlug);
    const fanOut = 1 / Math.sqrt(Math.max(1, callees.length));
    // Deep synthetic graphs would compound fan-out without bound; real services shed or batch long before.
    const load = Math.min(inbound.get(caller) ?? 0, MAX_FAN_OUT_LOAD_RPS);
    for (const callee of callees) {
      if (idle && idle.callerSlug === caller && idle.calleeSlug === callee) continue;
      // Calls per inbound request: from "on some requests" to "on most", thinning with fan-out.
      const perRequest = (0.5 + seededUnit(seed, "calls", caller, callee)) * fanOut;
      const rps = load * perRequest;
      if (rps <= 0) continue;
      inbound.set(callee, (inbound.get(callee) ?? 0) + rps);
      edges.push({ key: `${caller}->${callee}`, callerSlug: caller, calleeSlug: callee, rps, isUndeclared: undeclared?.callerSlug === caller && undeclared.calleeSlug === callee });
    }
  }

  // The callee serves the batch job too: its inbound (and SLIs) include those calls.
  const unclaimedCallers = services.has(UNCLAIMED_CALLER.calleeSlug) && !services.has(UNCLAIMED_CALLER.workload.name) ? [UNCLAIMED_CALLER] : [];
  for (const unclaimed of unclaimedCallers) inbound.set(unclaimed.calleeSlug, (inbound.get(unclaimed.calleeSlug) ?? 0) + unclaimed.rps);

  const models = new Map<string, TDemoServiceModel>();
  for (const service of services.values()) {
    const budget = errorBudgetRatio(service);
    const latencySigma = 0.45 + 0.4 * seededUnit(seed, "spread", service.slug);
    models.set(service.slug, {
      slug: service.slug,
      workload: { namespace: service.ownerTeamSlug ?? "default", name: service.slug },
      tier: service.tier,
      inboundRps: inbound.get(service.slug) ?? 0,
      // A few percent of the budget, and under 0.08 % whatever the objective: a quiet day.
      baselineErrorRate: Math.min(0.0008, budget * (0.03 + 0.09 * seededUnit(seed, "errors", service.slug))),
      errorBudgetRatio: budget,
      latencyMedianMs: latencyMedianMeetingSlos(service, 3 + 35 * seededUnit(seed, "latency", service.slug), latencySigma, seed),
      latencySigma,
    });
  }
  edges.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { seed, services: models, edges, idleDeclaredEdges: idle ? [idle] : [], unclaimedCallers };
}

/**
 * The error rate the service's strictest availability SLO allows; without one, its
 * tier's default (domain/slo) — untiered services are judged like tier 1.
 */
function errorBudgetRatio(service: TDemoTopology["services"][number]): number {
  const objectives = (service.slos ?? []).filter((s) => s.kind === "availability").map((s) => s.objective);
  return objectives.length > 0 ? 1 - Math.max(...objectives) / 100 : errorBudgetRatioForTier(service.tier);
}

/**
 * A healthy demo service meets its latency SLOs with room to spare: the median is
 * lowered until only 5–20 % of each SLO's allowance of slow requests is over its
 * threshold (log-normal latency with the given shape).
 */
function latencyMedianMeetingSlos(service: TDemoTopology["services"][number], medianMs: number, sigma: number, seed: number): number {
  let median = medianMs;
  for (const slo of service.slos ?? []) {
    if (slo.kind !== "latency" || slo.latencyThresholdMs === null || !(slo.latencyThresholdMs > 0)) continue;
    const allowedSlow = 1 - slo.objective / 100;
    if (!(allowedSlow > 0)) continue;
    const slowShare = allowedSlow * (0.05 + 0.15 * seededUnit(seed, "slow", service.slug, slo.latencyThresholdMs));
    median = Math.min(median, slo.latencyThresholdMs / Math.exp(normalQuantile(1 - slowShare) * sigma));
  }
  return median;
}

/** 1 − the tier's default availability objective (domain/slo); untiered services are judged like tier 1. */
export function errorBudgetRatioForTier(tier: number | null): number {
  const defaults = tier === 2 || tier === 3 ? TIER_DEFAULT_SLOS[tier] : TIER_DEFAULT_SLOS[1];
  const objective = defaults[0]?.objective ?? 99.9;
  return 1 - objective / 100;
}

/** One declared call from a tier-3 caller stays silent, so the demo shows a declared-only edge. */
function pickIdleDeclaredEdge(
  pairs: readonly string[],
  services: ReadonlyMap<string, { tier: number | null }>,
  seed: number,
): { callerSlug: string; calleeSlug: string } | null {
  let best: { callerSlug: string; calleeSlug: string; score: number } | null = null;
  for (const pair of pairs) {
    const [callerSlug = "", calleeSlug = ""] = pair.split("->");
    if (services.get(callerSlug)?.tier !== 3) continue;
    const score = seededUnit(seed, "idle", pair);
    if (!best || score < best.score) best = { callerSlug, calleeSlug, score };
  }
  return best ? { callerSlug: best.callerSlug, calleeSlug: best.calleeSlug } : null;
}

function topologicalOrder(nodes: readonly string[], outgoing: ReadonlyMap<string, readonly string[]>): string[] {
  const indegree = new Map(nodes.map((n) => [n, 0]));
  for (const callees of outgoing.values()) for (const callee of callees) indegree.set(callee, (indegree.get(callee) ?? 0) + 1);
  const ready = nodes.filter((n) => indegree.get(n) === 0).sort();
  const order: string[] = [];
  const placed = new Set<string>();
  for (let next = 0; next < ready.length; next += 1) {
    const node = ready[next] as string;
    order.push(node);
    placed.add(node);
    for (const callee of outgoing.get(node) ?? []) {
      const left = (indegree.get(callee) ?? 0) - 1;
      indegree.set(callee, left);
      if (left === 0) ready.push(callee);
    }
  }
  for (const node of [...nodes].sort()) if (!placed.has(node)) order.push(node);
  return order;
}
