import { describe, expect, it, vi } from "vitest";

describe("getMetrics", () => {
  it("is one set per process, even when the module is loaded again (Next's bundle, next dev's reloads)", async () => {
    const first = await import("./plumbline-metrics.ts");
    vi.resetModules();
    const second = await import("./plumbline-metrics.ts");
    expect(second).not.toBe(first);
    expect(second.getMetrics()).toBe(first.getMetrics());
    first.getMetrics().gateDecisions.inc({ outcome: "approved" });
    expect(await second.getMetrics().registry.getSingleMetricAsString("plumbline_gate_decisions_total")).toContain('plumbline_gate_decisions_total{outcome="approved"} 1');
  });

  it("leaves a scrape-time gauge out and counts the error when its read fails, and still serves the rest", async () => {
    const { createMetrics } = await import("./plumbline-metrics.ts");
    const metrics = createMetrics();
    metrics.scrapeReaders.approvalsWaiting = () => Promise.reject(new Error("database unreachable"));
    metrics.scrapeReaders.outbox = async (set) => set({ queue: "notification-send" }, 3);
    // A labelled gauge whose read fails too (the outbox's queue is on the same database).
    metrics.scrapeReaders.outboxAge = () => Promise.reject(new Error("database unreachable"));
    const text = await metrics.registry.metrics();
    expect(text).not.toMatch(/^plumbline_approvals_waiting /m);
    expect(text).not.toMatch(/^plumbline_outbox_oldest_age_seconds\{/m);
    expect(text).toContain('plumbline_outbox_depth{queue="notification-send"} 3');
    // The error counter is collected alongside the gauge: the next scrape shows it.
    expect(await metrics.registry.getSingleMetricAsString("plumbline_metrics_scrape_errors_total")).toContain('plumbline_metrics_scrape_errors_total{gauge="plumbline_approvals_waiting"} 1');
  });
});
