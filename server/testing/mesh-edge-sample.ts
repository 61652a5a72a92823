import type { EdgeSample, WorkloadRef } from "@/domain/telemetry/telemetry-types.ts";

/** A mesh edge as a telemetry source reports it: all requests succeed, fast latencies. */
export function meshEdgeSample(caller: WorkloadRef | null, callee: WorkloadRef, requestRate: number): EdgeSample {
  return { callerWorkload: caller, calleeWorkload: callee, requestRate, successRatio: 1, latencyP50Ms: 5, latencyP95Ms: 10, latencyP99Ms: 20 };
}
