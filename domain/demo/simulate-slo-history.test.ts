import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildCatalogSnapshot } from "@/domain/catalog/build-catalog-snapshot.ts";
import { parseCatalogFile } from "@/domain/catalog/parse-catalog-file.ts";
import { assembleSloTelemetry } from "@/domain/slo/assemble-slo-telemetry.ts";
import { evaluateSlo } from "@/domain/slo/evaluate-slo.ts";
import { ALERT_WINDOWS } from "@/domain/telemetry/telemetry-windows.ts";
import { buildDemoMeshModel } from "./build-demo-mesh-model.ts";
import { demoEpisodes } from "./demo-faults.ts";
import { planDemoBackfill } from "./plan-demo-backfill.ts";
import { simulateServiceCounts } from "./simulate-mesh.ts";
import { simulateSloHistory, type TSloToBackfill } from "./simulate-slo-history.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NOW = new Date("2026-12-05T00:20:30.000Z");

function exampleModel() {
  const dir = path.resolve(import.meta.dirname, "../../catalog/example");
  const files = fs.readdirSync(dir).filter((name) => /\.ya?ml$/.test(name)).sort();
  const parsed = files.map((name) => parseCatalogFile(name, fs.readFileSync(path.join(dir, name), "utf8")));
  const { snapshot } = buildCatalogSnapshot(parsed.flatMap((result) => result.entities));
  return buildDemoMeshModel(
    {
      services: snapshot.services.map((s) => ({ slug: s.slug, ownerTeamSlug: s.ownerTeamSlug, tier: s.tier })),
      edges: snapshot.declaredEdges.map((e) => ({ callerSlug: e.callerSlug, calleeSlug: e.calleeSlug })),
    },
    11,
  );
}

const availability = (id: string, serviceSlug: string, objective = 99.9): TSloToBackfill => ({ id, serviceSlug, definition: { kind: "availability", objective, windowDays: 28, minRequests: 100 } });

describe("planDemoBackfill", () => {
  const instants = planDemoBackfill(NOW);

  it("lays out hourly snapshots for 26 days, then minutes, ending before the current minute", () => {
    const hours = instants.filter((instant) => instant.resolution === "hour");
    const minutes = instants.filter((instant) => instant.resolution === "minute");
    expect(hours[0]?.at.toISOString()).toBe("2026-11-07T00:00:00.000Z");
    expect(hours.at(-1)?.at.toISOString()).toBe("2026-12-02T23:00:00.000Z");
    expect(hours.every((hour) => hour.at.getTime() % HOUR === 0 && hour.evaluateAtMs === hour.at.getTime() + HOUR - MINUTE)).toBe(true);
    expect(minutes[0]?.at.toISOString()).toBe("2026-12-03T00:00:00.000Z");
    expect(minutes.at(-1)?.at.toISOString()).toBe("2026-12-05T00:19:00.000Z");
    // Every minute for the last six hours (the 6 h chart), every ten before (the 48 h chart).
    const lastSix = minutes.filter((minute) => minute.at.getTime() >= NOW.getTime() - 6 * HOUR);
    expect(lastSix.length).toBeGreaterThanOrEqual(359);
    expect(new Set(instants.map((instant) => `${instant.resolution}:${instant.at.toISOString()}`)).size).toBe(instants.length);
    expect(instants.map((instant) => instant.at.getTime())).toEqual([...instants.map((instant) => instant.at.getTime())].sort((a, b) => a - b));
  });

  it("is the same for the same instant and independent of the time zone (epoch arithmetic)", () => {
    expect(planDemoBackfill(new Date(NOW))).toEqual(instants);
    expect(() => planDemoBackfill(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe("simulateSloHistory of the example catalog", () => {
  const model = exampleModel();
  const epoch = NOW.getTime() - 10 * MINUTE;
  const faults = demoEpisodes(model, epoch);
  const instants = planDemoBackfill(NOW);
  const history = simulateSloHistory(model, faults, [availability("inv", "inventory"), availability("rec", "recommendations", 99.5), availability("ghost", "not-simulated")], instants);
  const of = (id: string) => history.snapshots.filter((snapshot) => snapshot.sloId === id);

  it("judges every instant of a simulated service (never no data) and skips services the model lacks", () => {
    expect(of("inv")).toHaveLength(instants.length);
    expect(of("inv").every((snapshot) => snapshot.status !== "no_data" && snapshot.budgetRemaining !== null && snapshot.sli !== null)).toBe(true);
    expect(of("ghost")).toHaveLength(0);
    expect(history.latest.has("ghost")).toBe(false);
  });

  it("draws the past incident: inventory pages six days ago, spends most of a budget, and recovers", () => {
    const budgets = of("inv").map((snapshot) => snapshot.budgetRemaining ?? 1);
    const before = budgets[0] ?? 0;
    const after = budgets.at(-1) ?? 0;
    expect(before).toBeGreaterThan(0.85);
    expect(before - after).toBeGreaterThan(0.4);
    expect(after).toBeGreaterThan(0);
    const transitions = history.transitions.filter((transition) => transition.sloId === "inv");
    expect(transitions.map((transition) => `${transition.from}→${transition.to}`)).toEqual(["healthy→at_risk", "at_risk→healthy"]);
    const paged = transitions[0]?.at.getTime() ?? 0;
    expect(Math.abs(paged - (epoch - 6 * DAY))).toBeLessThan(HOUR + MINUTE);
    expect(history.latest.get("inv")?.status).toBe("healthy");
  });

  it("ends with recommendations (tier 2, 99.5 %) at risk since its ticket-level burn began (30 h before the demo)", () => {
    const latest = history.latest.get("rec");
    expect(latest?.status).toBe("at_risk");
    expect(latest?.since.getTime()).toBeLessThan(epoch - 24 * HOUR);
  });

  it("agrees with what the live simulator reports at the last instant", () => {
    const last = instants.at(-1);
    if (!last) throw new Error("no instants");
    const measuredAt = new Date(last.evaluateAtMs);
    const rows = simulateServiceCounts(model, faults, [...ALERT_WINDOWS, "28d"], last.evaluateAtMs)
      .filter((counts) => counts.workload.name === "inventory")
      .map((counts) => ({ window: counts.window, totalEvents: counts.total, goodEvents: counts.good, latencyGood: {}, measuredAt, staleSince: null, staleReason: null }));
    const live = evaluateSlo(availability("inv", "inventory").definition, assembleSloTelemetry({ kind: "availability", windowDays: 28 }, rows).telemetry, measuredAt, 5 * MINUTE);
    expect(of("inv").at(-1)?.budgetRemaining).toBe(live.budgetRemaining);
    expect(of("inv").at(-1)?.sli).toBe(live.sli);
  });
});
