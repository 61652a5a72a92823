import { describe, expect, it } from "vitest";
import { getMetrics } from "./plumbline-metrics.ts";
import { timeWorkerCycle } from "./time-worker-cycle.ts";

async function valueOf(metric: "workerCycleFailures" | "workerLastSuccess", source: string): Promise<number | undefined> {
  const { values } = await getMetrics()[metric].get();
  return values.find((v) => v.labels.source === source)?.value;
}

async function cycles(source: string): Promise<number> {
  const { values } = await getMetrics().workerCycleDuration.get();
  return values.find((v) => v.labels.source === source && v.metricName === "plumbline_worker_cycle_duration_seconds_count")?.value ?? 0;
}

describe("timeWorkerCycle", () => {
  it("times a successful cycle and records when it succeeded", async () => {
    const before = Date.now() / 1000;
    await expect(timeWorkerCycle("test-ok", async () => 7)).resolves.toBe(7);
    expect(await cycles("test-ok")).toBe(1);
    expect(await valueOf("workerLastSuccess", "test-ok")).toBeGreaterThanOrEqual(before);
    expect(await valueOf("workerCycleFailures", "test-ok")).toBeUndefined();
  });

  it("counts a cycle that throws as failed, times it, and rethrows", async () => {
    await expect(timeWorkerCycle("test-throws", () => Promise.reject(new Error("prometheus down")))).rejects.toThrow("prometheus down");
    expect(await cycles("test-throws")).toBe(1);
    expect(await valueOf("workerCycleFailures", "test-throws")).toBe(1);
    expect(await valueOf("workerLastSuccess", "test-throws")).toBeUndefined();
  });

  it("counts a cycle whose result says it failed", async () => {
    await timeWorkerCycle("test-outcome", async () => "retrying", (outcome) => outcome === "retrying");
    await timeWorkerCycle("test-outcome", async () => "sent", (outcome) => outcome === "retrying");
    expect(await cycles("test-outcome")).toBe(2);
    expect(await valueOf("workerCycleFailures", "test-outcome")).toBe(1);
  });
});
