import { describe, expect, it } from "vitest";
import { createDemoClock } from "@/domain/demo/demo-clock.ts";
import type { TDemoTopology } from "@/domain/demo/build-demo-mesh-model.ts";
import type { TDemoFaultRecord } from "./demo-fault-record.ts";
import { createTelemetrySimulator } from "./telemetry-simulator.ts";

const T0 = new Date("2026-03-02T12:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const TOPOLOGY: TDemoTopology = {
  services: [
    { slug: "web-frontend", ownerTeamSlug: "storefront", tier: 1 },
    { slug: "checkout", ownerTeamSlug: "checkout", tier: 1 },
    { slug: "payments", ownerTeamSlug: "payments", tier: 1 },
  ],
  edges: [
    { callerSlug: "web-frontend", calleeSlug: "checkout" },
    { callerSlug: "checkout", calleeSlug: "payments" },
  ],
};

function simulatorWith(faults: TDemoFaultRecord[], speed: number) {
  let loads = 0;
  const source = createTelemetrySimulator({
    organizationId: "org",
    clock: createDemoClock(T0, speed),
    loadTopology: async () => {
      loads += 1;
      return { ...TOPOLOGY, organizationCreatedAt: new Date(T0.getTime() - 30 * 86_400_000) };
    },
    listFaults: () => Promise.resolve(faults),
  });
  return { source, loads: () => loads };
}

const fault = (speed: number): TDemoFaultRecord => ({
  id: "f1",
  organizationId: "org",
  serviceSlug: "payments",
  errorRate: 0.2,
  injectedAt: T0,
  durationMs: 30 * 60_000,
  speed,
  clearedAt: null,
});

describe("the demo telemetry simulator", () => {
  it("reads the topology once per round (both questions share it)", async () => {
    const { source, loads } = simulatorWith([], 1);
    await source.fetchEdges(T0);
    await source.fetchServiceCounts(["5m"], T0);
    expect(loads()).toBe(1);
    await source.fetchEdges(at(15));
    expect(loads()).toBe(2);
  });

  it("plays a 30-minute fault in 30 seconds at speed 60: callers' edges degrade, then the short window recovers while the hour remembers", async () => {
    const { source } = simulatorWith([fault(60)], 60);
    const during = await source.fetchEdges(at(10));
    const intoPayments = during.find((e) => e.calleeWorkload.name === "payments");
    expect(intoPayments?.callerWorkload).toEqual({ namespace: "checkout", name: "checkout" });
    expect(intoPayments?.successRatio).toBeLessThan(0.81);
    expect(during.find((e) => e.calleeWorkload.name === "checkout")?.successRatio).toBeGreaterThan(0.999);

    // 40 real seconds = 40 simulated minutes: the fault ended 10 simulated minutes ago.
    const after = await source.fetchEdges(at(40));
    expect(after.find((e) => e.calleeWorkload.name === "payments")?.successRatio).toBeGreaterThan(0.999);
    const counts = await source.fetchServiceCounts(["5m", "1h"], at(40));
    const payments = (window: string) => counts.find((c) => c.workload.name === "payments" && c.window === window);
    const badRatio = (window: string) => 1 - (payments(window)?.good ?? 0) / (payments(window)?.total ?? 1);
    expect(badRatio("5m")).toBeLessThan(0.001);
    // 30 of the last 60 simulated minutes at 20 % errors.
    expect(badRatio("1h")).toBeGreaterThan(0.09);
    expect(badRatio("1h")).toBeLessThan(0.11);
  });

  it("stops a cleared fault at once but keeps it in the history", async () => {
    const cleared = { ...fault(1), clearedAt: at(60) };
    const { source } = simulatorWith([cleared], 1);
    expect((await source.fetchEdges(at(90))).find((e) => e.calleeWorkload.name === "payments")?.successRatio).toBeGreaterThan(0.999);
    const counts = await source.fetchServiceCounts(["5m"], at(90));
    const payments = counts.find((c) => c.workload.name === "payments");
    const bad = 1 - (payments?.good ?? 0) / (payments?.total ?? 1);
    // 60 of the last 300 seconds at 20 %.
    expect(bad).toBeGreaterThan(0.035);
    expect(bad).toBeLessThan(0.045);
  });
});
