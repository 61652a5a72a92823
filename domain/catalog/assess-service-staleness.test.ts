import { describe, expect, it } from "vitest";
import { assessServiceStaleness, type TServiceStalenessInput } from "./assess-service-staleness.ts";

const DAY = 86_400_000;
const NOW = new Date("2026-03-30T12:00:00.000Z");
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const input = (overrides: Partial<TServiceStalenessInput>): TServiceStalenessInput => ({
  now: NOW,
  staleAfterMs: 14 * DAY,
  createdAt: ago(100),
  liveWorkloads: 0,
  lastWorkloadSeenAt: null,
  lastTrafficAt: null,
  telemetryMeasuredAt: new Date(NOW.getTime() - 15_000),
  telemetryMaxAgeMs: 3_600_000,
  ...overrides,
});

describe("assessServiceStaleness", () => {
  it("is active while a workload runs, or traffic was seen within the period", () => {
    expect(assessServiceStaleness(input({ liveWorkloads: 2 }))).toMatchObject({ state: "active", lastSeenBy: "kubernetes" });
    expect(assessServiceStaleness(input({ lastTrafficAt: ago(13) }))).toEqual({ state: "active", lastSeenAt: ago(13).toISOString(), lastSeenBy: "mesh" });
    expect(assessServiceStaleness(input({ lastWorkloadSeenAt: ago(3), lastTrafficAt: ago(20) }))).toMatchObject({ state: "active", lastSeenBy: "kubernetes" });
  });

  it("is stale with no workload and no traffic for the period, saying when and by which source it was last seen", () => {
    const stale = assessServiceStaleness(input({ lastWorkloadSeenAt: ago(30), lastTrafficAt: ago(20) }));
    expect(stale).toEqual({
      state: "stale",
      lastSeenAt: ago(20).toISOString(),
      lastSeenBy: "mesh",
      reason: `no running workloads and no traffic for 14 days: last seen ${ago(20).toISOString()} by the mesh telemetry (traffic)`,
    });
    expect(assessServiceStaleness(input({ lastWorkloadSeenAt: ago(15) }))).toMatchObject({ state: "stale", lastSeenBy: "kubernetes" });
    expect(assessServiceStaleness(input({}))).toMatchObject({ state: "stale", lastSeenAt: null, reason: expect.stringMatching(/^no running workloads and no traffic since it was added/) });
  });

  it("gives a service never seen time from when the catalog got it", () => {
    expect(assessServiceStaleness(input({ createdAt: ago(2) }))).toEqual({ state: "active", lastSeenAt: null, lastSeenBy: null });
  });

  it("never turns missing telemetry into stale (or active): unknown, with why", () => {
    expect(assessServiceStaleness(input({ telemetryMeasuredAt: null }))).toMatchObject({ state: "unknown", reason: expect.stringMatching(/no telemetry source has reported yet/) });
    expect(assessServiceStaleness(input({ telemetryMeasuredAt: ago(1), lastTrafficAt: ago(20) }))).toMatchObject({ state: "unknown", reason: expect.stringMatching(/has not completed a round since/) });
  });

  it("shows a stale service an owner kept as kept, with their reason", () => {
    const kept = assessServiceStaleness(input({ lastTrafficAt: ago(20), kept: { at: ago(1), reason: "quarterly batch, runs in April", by: "Ana <ana@example.com>" } }));
    expect(kept).toMatchObject({ state: "kept", keptReason: "quarterly batch, runs in April", keptAt: ago(1).toISOString(), lastSeenBy: "mesh" });
    // Kept says nothing about an active service.
    expect(assessServiceStaleness(input({ lastTrafficAt: ago(2), kept: { at: ago(1), reason: "x", by: null } }))).toMatchObject({ state: "active" });
  });

  it("honours the configured period", () => {
    expect(assessServiceStaleness(input({ lastTrafficAt: ago(5), staleAfterMs: 3 * DAY }))).toMatchObject({ state: "stale", reason: expect.stringContaining("for 3 days") });
  });
});
