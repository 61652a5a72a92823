import { compactNumberRecord } from "@/domain/telemetry/compact-number-record.ts";
import type { EdgeSample, ServiceWindowCounts } from "@/domain/telemetry/telemetry-types.ts";
import { windowSeconds, type WindowName } from "@/domain/telemetry/telemetry-windows.ts";
import type { TDemoMeshModel, TDemoServiceModel } from "./build-demo-mesh-model.ts";
import type { TDemoFault } from "./demo-faults.ts";
import { normalCdf } from "./normal-distribution.ts";
import { seededUnit } from "./seeded-unit.ts";

const DAY_MS = 86_400_000;
const OMEGA = (2 * Math.PI) / DAY_MS;
/** Traffic swings ±30 % over the day, peaking mid-afternoon UTC. */
const DIURNAL_AMPLITUDE = 0.3;
const DIURNAL_PHASE = Math.PI / 2 - OMEGA * 14 * 3_600_000;
/** Instantaneous rates wobble like real scrapes do, per 15 s slot (±3 %); latency ±5 %. */
const JITTER_SLOT_MS = 15_000;
const RATE_JITTER = 0.06;
const LATENCY_JITTER = 0.1;
// z-scores of the normal distribution at the percentiles the mesh reports.
const Z_P95 = 1.6449;
const Z_P99 = 2.3263;

/** Load relative to the daily average at simulated time `t`. */
export function diurnalFactor(t: number): number {
  return 1 + DIURNAL_AMPLITUDE * Math.sin(OMEGA * t + DIURNAL_PHASE);
}

/** ∫ diurnalFactor over [a, b] ms, in seconds: the number of requests at 1 rps (average). */
export function diurnalSeconds(a: number, b: number): number {
  if (b <= a) return 0;
  const swing = ((DIURNAL_AMPLITUDE / OMEGA) * (Math.cos(OMEGA * b + DIURNAL_PHASE) - Math.cos(OMEGA * a + DIURNAL_PHASE))) / 1000;
  return (b - a) / 1000 - swing;
}

/** The error rate of a service's inbound requests at simulated time `t`. */
export function errorRateAt(service: TDemoServiceModel, faults: readonly TDemoFault[], t: number): number {
  let rate = service.baselineErrorRate;
  for (const fault of faults) {
    if (fault.serviceSlug === service.slug && fault.startMs <= t && t < fault.endMs) rate += fault.errorRate;
  }
  return Math.min(1, rate);
}

export function latencyPercentilesMs(service: TDemoServiceModel): { p50: number; p95: number; p99: number } {
  const { latencyMedianMs: median, latencySigma: sigma } = service;
  return { p50: median, p95: median * Math.exp(Z_P95 * sigma), p99: median * Math.exp(Z_P99 * sigma) };
}

/**
 * What the mesh would report at simulated time `t` over a short rate range: every
 * modelled call with its current rate and the callee's success ratio — so a fault on a
 * service shows both in its inbound SLI and on each of its callers' edges.
 */
export function simulateEdgeSamples(model: TDemoMeshModel, faults: readonly TDemoFault[], t: number): EdgeSample[] {
  const slot = Math.floor(t / JITTER_SLOT_MS);
  const load = diurnalFactor(t);
  const samples: EdgeSample[] = [];
  // Per callee, not per edge: a fan-in service has hundreds of callers and one error rate.
  const perCallee = new Map<string, { latency: ReturnType<typeof latencyPercentilesMs>; success: number }>();
  for (const edge of model.edges) {
    const callee = model.services.get(edge.calleeSlug);
    if (!callee) continue;
    const caller = edge.callerSlug === null ? null : model.services.get(edge.callerSlug);
    const u = seededUnit(model.seed, edge.key, slot);
    const rateWobble = 1 + RATE_JITTER * (u - 0.5);
    // A second, independent-looking draw from the first (its digits further down).
    const latencyWobble = 1 + LATENCY_JITTER * (((u * 7919) % 1) - 0.5);
    let state = perCallee.get(callee.slug);
    if (!state) {
      state = { latency: latencyPercentilesMs(callee), success: 1 - errorRateAt(callee, faults, t) };
      perCallee.set(callee.slug, state);
    }
    const latency = state.latency;
    samples.push({
      callerWorkload: caller ? caller.workload : null,
      calleeWorkload: callee.workload,
      requestRate: edge.rps * load * rateWobble,
      successRatio: state.success,
      latencyP50Ms: latency.p50 * latencyWobble,
      latencyP95Ms: latency.p95 * latencyWobble,
      latencyP99Ms: latency.p99 * latencyWobble,
    });
  }
  for (const unclaimed of model.unclaimedCallers) {
    const callee = model.services.get(unclaimed.calleeSlug);
    if (!callee) continue;
    const latency = latencyPercentilesMs(callee);
    samples.push({
      callerWorkload: unclaimed.workload,
      calleeWorkload: callee.workload,
      requestRate: unclaimed.rps * load,
      successRatio: 1 - errorRateAt(callee, faults, t),
      latencyP50Ms: latency.p50,
      latencyP95Ms: latency.p95,
      latencyP99Ms: latency.p99,
    });
  }
  return samples;
}

/**
 * Inbound counts per service over each window ending at `t`, integrated from the same
 * model the edges come from: total = ∫ rate, bad = ∫ rate × error rate, cut at every
 * fault boundary inside the window, so a fault counts in exactly the windows it overlaps.
 * Latency: the share of a log-normal distribution under each threshold.
 */
export function simulateServiceCounts(
  model: TDemoMeshModel,
  faults: readonly TDemoFault[],
  windows: readonly WindowName[],
  t: number,
  latencyThresholdsMs: readonly number[] = [],
): ServiceWindowCounts[] {
  const faultsByService = new Map<string, TDemoFault[]>();
  for (const fault of faults) faultsByService.set(fault.serviceSlug, [...(faultsByService.get(fault.serviceSlug) ?? []), fault]);
  const counts: ServiceWindowCounts[] = [];
  for (const service of model.services.values()) {
    if (service.inboundRps <= 0) continue;
    const own = faultsByService.get(service.slug) ?? [];
    const underThreshold = latencyThresholdsMs.map((threshold) => [String(threshold), shareBelow(service, threshold)] as const);
    for (const window of windows) {
      const start = t - windowSeconds(window) * 1000;
      const total = service.inboundRps * diurnalSeconds(start, t);
      let bad = 0;
      const cuts = [start, ...own.flatMap((f) => [f.startMs, f.endMs]).filter((c) => c > start && c < t), t].sort((a, b) => a - b);
      for (let i = 0; i + 1 < cuts.length; i += 1) {
        const a = cuts[i] as number;
        const b = cuts[i + 1] as number;
        if (b <= a) continue;
        bad += errorRateAt(service, own, a) * service.inboundRps * diurnalSeconds(a, b);
      }
      const latencyGood = compactNumberRecord(underThreshold.map(([key, share]) => [key, total * share] as const));
      counts.push({ workload: service.workload, window, total, good: Math.max(0, total - Math.min(bad, total)), latencyGood });
    }
  }
  return counts;
}

function shareBelow(service: TDemoServiceModel, thresholdMs: number): number {
  if (thresholdMs <= 0) return 0;
  return normalCdf((Math.log(thresholdMs) - Math.log(service.latencyMedianMs)) / service.latencySigma);
}
