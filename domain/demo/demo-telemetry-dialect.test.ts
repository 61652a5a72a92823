import { describe, expect, it } from "vitest";
import { createWorkloadResolver } from "@/domain/telemetry/resolve-workload-service.ts";
import { asOtelEdgeSamples, asOtelServiceCounts } from "./demo-telemetry-dialect.ts";

describe("the demo's telemetry in the otel dialect", () => {
  const sample = { callerWorkload: { namespace: "checkout", name: "checkout" }, calleeWorkload: { namespace: "payments", name: "payments" }, requestRate: 3, successRatio: 1, latencyP50Ms: 1, latencyP95Ms: 2, latencyP99Ms: 3 };

  it("names endpoints by service.name (client / server labels, no namespace) and keeps outside callers unknown", () => {
    const [edge, outside] = asOtelEdgeSamples([sample, { ...sample, callerWorkload: null }]);
    expect(edge?.callerWorkload).toEqual({ namespace: "", name: "checkout", hints: { dialect: "otel", workloadLabel: "client", labels: { client: "checkout" } } });
    expect(edge?.calleeWorkload).toEqual({ namespace: "", name: "payments", hints: { dialect: "otel", workloadLabel: "server", labels: { server: "payments" } } });
    expect(outside?.callerWorkload).toBeNull();
    expect(asOtelServiceCounts([{ workload: { namespace: "payments", name: "payments" }, window: "5m", total: 10, good: 9 }])[0]?.workload.hints?.labels).toEqual({ server: "payments" });
  });

  it("resolves by service name, as the worker does for the otel dialect", () => {
    const resolve = createWorkloadResolver({ services: [{ id: "p", slug: "payments" }], workloads: [{ namespace: "payments", name: "payments", serviceId: "p", isDeleted: false }] });
    const [edge] = asOtelEdgeSamples([sample]);
    expect(edge && resolve(edge.calleeWorkload)).toMatchObject({ service: { slug: "payments" }, rule: "workload-name" });
  });
});
