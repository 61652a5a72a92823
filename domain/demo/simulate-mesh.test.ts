import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildCatalogSnapshot } from "@/domain/catalog/build-catalog-snapshot.ts";
import { parseCatalogFile } from "@/domain/catalog/parse-catalog-file.ts";
import { telemetryWindows, windowSeconds } from "@/domain/telemetry/telemetry-windows.ts";
import { buildDemoMeshModel, type TDemoTopology } from "./build-demo-mesh-model.ts";
import { createDemoClock } from "./demo-clock.ts";
import { demoEpisodes, type TDemoFault } from "./demo-faults.ts";
import { diurnalFactor, diurnalSeconds, errorRateAt, simulateEdgeSamples, simulateServiceCounts } from "./simulate-mesh.ts";

const EXAMPLE_DIR = path.resolve(import.meta.dirname, "../../catalog/example");
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SEED = 7;
const NOW = Date.parse("2026-03-02T15:00:00.000Z");

function exampleTopology(): TDemoTopology {
  const files = fs.readdirSync(EXAMPLE_DIR).filter((name) => /\.ya?ml$/.test(name)).sort();
  const parsed = files.map((name) => parseCatalogFile(name, fs.readFileSync(path.join(EXAMPLE_DIR, name), "utf8")));
  const { snapshot } = buildCatalogSnapshot(parsed.flatMap((r) => r.entities));
  return {
    services: snapshot.services.map((s) => ({ slug: s.slug, ownerTeamSlug: s.ownerTeamSlug, tier: s.tier })),
    edges: snapshot.declaredEdges.map((e) => ({ callerSlug: e.callerSlug, calleeSlug: e.calleeSlug })),
  };
}

const topology = exampleTopology();
const model = buildDemoMeshModel(topology, SEED);
const service = (slug: string) => {
  const found = model.services.get(slug);
  if (!found) throw new Error(`${slug} is not in the example catalog`);
  return found;
};
const ratio = (a: number, b: number) => Math.abs(a - b) / b;

describe("the simulated mesh of the example catalog", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    const again = buildDemoMeshModel(topology, SEED);
    expect(simulateEdgeSamples(again, [], NOW)).toEqual(simulateEdgeSamples(model, [], NOW));
    expect(simulateServiceCounts(again, [], telemetryWindows(), NOW, [100])).toEqual(simulateServiceCounts(model, [], telemetryWindows(), NOW, [100]));
    const other = buildDemoMeshModel(topology, SEED + 1);
    expect(simulateEdgeSamples(other, [], NOW).map((e) => e.requestRate)).not.toEqual(simulateEdgeSamples(model, [], NOW).map((e) => e.requestRate));
  });

  it("names workloads {namespace: owner team, name: service slug}, like the demo Kubernetes cluster", () => {
    for (const s of topology.services) expect(service(s.slug).workload).toEqual({ namespace: s.ownerTeamSlug ?? "default", name: s.slug });
  });

  it("sends outside traffic to the front doors and observes the declared calls, bar one left idle, plus one undeclared call", () => {
    const edges = simulateEdgeSamples(model, [], NOW);
    const unknownCallees = edges.filter((e) => e.callerWorkload === null).map((e) => e.calleeWorkload.name);
    expect(unknownCallees).toEqual(expect.arrayContaining(["web-frontend", "mobile-bff", "api-gateway"]));
    expect(unknownCallees).not.toContain("payments");
    const observed = new Set(edges.filter((e) => e.callerWorkload).map((e) => `${e.callerWorkload?.name}->${e.calleeWorkload.name}`));
    const declared = topology.edges.map((e) => `${e.callerSlug}->${e.calleeSlug}`);
    const idle = model.idleDeclaredEdges.map((e) => `${e.callerSlug}->${e.calleeSlug}`);
    expect(idle).toHaveLength(1);
    expect(declared.filter((pair) => !observed.has(pair))).toEqual(idle);
    expect([...observed].filter((pair) => !declared.includes(pair)).sort()).toEqual(["nightly-report->order-history", "recommendations->feature-flags"]);
    // nightly-report is no catalog service: the coverage view's unmatched caller, until claimed.
    const unclaimed = edges.find((e) => e.callerWorkload?.name === "nightly-report");
    expect(unclaimed?.callerWorkload).toEqual({ namespace: "batch", name: "nightly-report" });
    expect(topology.services.map((s) => s.slug)).not.toContain("nightly-report");
  });

  it("has believable rates, latencies and a low baseline error rate", () => {
    // Fan-out: the gateway handles more than the checkout it forwards to, fan-in makes config-service busy.
    expect(service("api-gateway").inboundRps).toBeGreaterThan(service("checkout").inboundRps);
    expect(service("config-service").inboundRps).toBeGreaterThan(service("payments").inboundRps);
    for (const s of model.services.values()) {
      expect(s.inboundRps, s.slug).toBeGreaterThan(0.5);
      expect(s.inboundRps, s.slug).toBeLessThan(5000);
      expect(s.baselineErrorRate, s.slug).toBeLessThan(s.errorBudgetRatio * 0.15);
    }
    for (const edge of simulateEdgeSamples(model, [], NOW)) {
      expect(edge.successRatio).toBeGreaterThan(0.998);
      expect(edge.latencyP50Ms).toBeLessThan(edge.latencyP95Ms ?? 0);
      expect(edge.latencyP95Ms).toBeLessThan(edge.latencyP99Ms ?? 0);
      expect(edge.latencyP99Ms).toBeLessThan(2000);
    }
  });

  it("reports edge rates that add up to each service's inbound rate (within the scrape jitter)", () => {
    const edges = simulateEdgeSamples(model, [], NOW);
    for (const s of model.services.values()) {
      const inbound = edges.filter((e) => e.calleeWorkload.name === s.slug).reduce((sum, e) => sum + e.requestRate, 0);
      expect(ratio(inbound, s.inboundRps * diurnalFactor(NOW)), s.slug).toBeLessThan(0.03);
    }
  });

  it("derives window counts from the same rates: good <= total, longer windows hold more, totals match the rate integral", () => {
    const counts = simulateServiceCounts(model, demoEpisodes(model, NOW - DAY), telemetryWindows(), NOW, [100, 250]);
    const windows = telemetryWindows();
    expect(counts).toHaveLength(model.services.size * windows.length);
    for (const s of model.services.values()) {
      const own = windows.map((w) => counts.find((c) => c.workload.name === s.slug && c.window === w));
      own.forEach((c, i) => {
        if (!c) throw new Error(`${s.slug}: no counts`);
        expect(c.good).toBeLessThanOrEqual(c.total);
        expect(c.good).toBeGreaterThanOrEqual(0);
        expect(c.latencyGood?.["100"]).toBeLessThanOrEqual(c.latencyGood?.["250"] ?? 0);
        expect(c.latencyGood?.["250"]).toBeLessThanOrEqual(c.total);
        const window = windows[i] ?? "5m";
        expect(ratio(c.total, s.inboundRps * diurnalSeconds(NOW - windowSeconds(window) * 1000, NOW))).toBeLessThan(1e-9);
        if (i > 0) expect(c.total).toBeGreaterThan(own[i - 1]?.total ?? 0);
      });
      // Over whole days the diurnal swing averages out: 28 days at the average rate.
      const month = own.at(-1);
      expect(ratio(month?.total ?? 0, s.inboundRps * 28 * 86_400)).toBeLessThan(1e-6);
    }
  });
});

describe("SLOs the catalog declares", () => {
  const withSlos: TDemoTopology = {
    services: topology.services.map((s) =>
      s.slug === "api-gateway"
        ? { ...s, slos: [{ kind: "latency" as const, objective: 99, latencyThresholdMs: 100 }] }
        : s.slug === "ledger"
          ? { ...s, slos: [{ kind: "availability" as const, objective: 99.99, latencyThresholdMs: null }] }
          : s,
    ),
    edges: topology.edges,
  };
  const tuned = buildDemoMeshModel(withSlos, SEED);

  it("are met with room to spare when nothing is wrong: latency under the threshold, errors within the strictest objective", () => {
    const counts = simulateServiceCounts(tuned, [], ["1h"], NOW, [100]);
    const gateway = counts.find((c) => c.workload.name === "api-gateway");
    const slowShare = 1 - (gateway?.latencyGood?.["100"] ?? 0) / (gateway?.total ?? 1);
    expect(slowShare).toBeGreaterThan(0);
    expect(slowShare).toBeLessThan(0.01 * 0.25);
    expect(tuned.services.get("ledger")?.errorBudgetRatio).toBeCloseTo(0.0001, 10);
    expect(tuned.services.get("ledger")?.baselineErrorRate).toBeLessThan(0.0001 * 0.15);
    // Untouched services keep the same model as without SLOs.
    expect(tuned.services.get("cart")).toEqual(model.services.get("cart"));
  });
});

describe("faults", () => {
  const payments = service("payments");
  // 20 % errors from 20 to 10 minutes ago.
  const fault: TDemoFault = { serviceSlug: "payments", errorRate: 0.2, startMs: NOW - 20 * MINUTE, endMs: NOW - 10 * MINUTE, label: "test" };

  it("raise the service's inbound errors only in the windows they overlap", () => {
    const counts = simulateServiceCounts(model, [fault], ["5m", "30m", "1h", "28d"], NOW);
    const of = (window: string) => {
      const c = counts.find((x) => x.workload.name === "payments" && x.window === window);
      if (!c) throw new Error(window);
      return c;
    };
    const faultRequests = payments.inboundRps * diurnalSeconds(fault.startMs, fault.endMs);
    // 5 minutes: the fault ended 10 minutes ago, only the baseline shows.
    expect(ratio(of("5m").total - of("5m").good, of("5m").total * payments.baselineErrorRate)).toBeLessThan(1e-9);
    for (const window of ["30m", "1h", "28d"]) {
      const c = of(window);
      const expectedBad = (c.total - faultRequests) * payments.baselineErrorRate + faultRequests * (payments.baselineErrorRate + 0.2);
      expect(ratio(c.total - c.good, expectedBad), window).toBeLessThan(1e-9);
    }
    // Other services are untouched.
    const cart = counts.find((x) => x.workload.name === "cart" && x.window === "1h");
    expect(ratio((cart?.total ?? 0) - (cart?.good ?? 0), (cart?.total ?? 0) * service("cart").baselineErrorRate)).toBeLessThan(1e-9);
  });

  it("degrade the success ratio of every caller's edge to the faulty service while active, proportionally", () => {
    const during = simulateEdgeSamples(model, [fault], NOW - 15 * MINUTE);
    const after = simulateEdgeSamples(model, [fault], NOW);
    const intoPayments = during.filter((e) => e.calleeWorkload.name === "payments");
    expect(intoPayments.length).toBeGreaterThan(0);
    for (const edge of intoPayments) expect(edge.successRatio).toBeCloseTo(1 - payments.baselineErrorRate - 0.2, 12);
    for (const edge of after.filter((e) => e.calleeWorkload.name === "payments")) expect(edge.successRatio).toBeCloseTo(1 - payments.baselineErrorRate, 12);
    for (const edge of during.filter((e) => e.calleeWorkload.name !== "payments")) expect(edge.successRatio).toBeGreaterThan(0.998);
  });

  it("add up and cap the error rate at 1", () => {
    const total = errorRateAt(payments, [fault, { ...fault, errorRate: 0.95 }], NOW - 15 * MINUTE);
    expect(total).toBe(1);
  });
});

describe("the demo's story", () => {
  const epoch = NOW - 2 * HOUR;
  const episodes = demoEpisodes(model, epoch);
  const counts = simulateServiceCounts(model, episodes, telemetryWindows(), NOW);
  const burn = (slug: string, window: string) => {
    const c = counts.find((x) => x.workload.name === slug && x.window === window);
    if (!c) throw new Error(`${slug} ${window}`);
    return (1 - c.good / c.total) / service(slug).errorBudgetRatio;
  };

  it("has one service burning at ticket level: above 3 over 1d and 2h, below the page rates", () => {
    const elevated = episodes.find((e) => e.label.includes("ticket"));
    expect(elevated?.serviceSlug).toBe("recommendations");
    for (const window of ["2h", "1d"]) {
      expect(burn("recommendations", window)).toBeGreaterThan(3);
      expect(burn("recommendations", window)).toBeLessThan(6);
    }
    expect(burn("recommendations", "3d")).toBeGreaterThan(1);
    expect(burn("recommendations", "28d")).toBeLessThan(0.5);
  });

  it("has one service whose past incident spent most of its 28-day budget but burns nothing now", () => {
    const incident = episodes.find((e) => e.label.includes("incident"));
    expect(incident?.serviceSlug).toBe("inventory");
    // Budget spent = bad ratio over 28 days / allowed ratio.
    const spent = burn("inventory", "28d");
    expect(spent).toBeGreaterThan(0.6);
    expect(spent).toBeLessThan(0.95);
    for (const window of ["5m", "1h", "6h", "1d", "3d"]) expect(burn("inventory", window), window).toBeLessThan(0.2);
  });

  it("leaves the other services healthy", () => {
    for (const s of model.services.values()) {
      if (s.slug === "recommendations") continue;
      expect(burn(s.slug, "1h"), s.slug).toBeLessThan(0.2);
    }
  });
});

describe("demo clock", () => {
  it("runs simulated time faster from its anchor at the given speed, and maps back", () => {
    const anchor = new Date(NOW);
    const clock = createDemoClock(anchor, 60);
    expect(clock.toSimulatedMs(new Date(NOW + MINUTE)) - NOW).toBe(HOUR);
    expect(clock.toReal(NOW + HOUR).getTime()).toBe(NOW + MINUTE);
    expect(createDemoClock(anchor, 1).toSimulatedMs(new Date(NOW + 5 * MINUTE))).toBe(NOW + 5 * MINUTE);
    expect(() => createDemoClock(anchor, 0)).toThrow(/positive/);
  });
});
