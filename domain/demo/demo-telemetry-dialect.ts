import type { EdgeSample, ServiceWindowCounts, WorkloadRef } from "@/domain/telemetry/telemetry-types.ts";

/**
 * The demo's simulated telemetry as an OpenTelemetry Collector `servicegraph` connector
 * would report it: endpoints are `service.name`s (the service slug, no namespace), named
 * by the `client` / `server` labels, so the worker resolves them by name (rule
 * `workload-name`) instead of through the demo cluster's workloads. Callers outside the
 * mesh stay null (the connector's `client="user"`).
 */
export function asOtelEdgeSamples(samples: readonly EdgeSample[]): EdgeSample[] {
  return samples.map((sample) => ({
    ...sample,
    callerWorkload: sample.callerWorkload === null ? null : asOtelEndpoint(sample.callerWorkload, "client"),
    calleeWorkload: asOtelEndpoint(sample.calleeWorkload, "server"),
  }));
}

export function asOtelServiceCounts(counts: readonly ServiceWindowCounts[]): ServiceWindowCounts[] {
  return counts.map((count) => ({ ...count, workload: asOtelEndpoint(count.workload, "server") }));
}

function asOtelEndpoint(workload: WorkloadRef, label: "client" | "server"): WorkloadRef {
  return { namespace: "", name: workload.name, hints: { dialect: "otel", workloadLabel: label, labels: { [label]: workload.name } } };
}
