import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planSnapshotRetention, type SnapshotRef } from "./plan-snapshot-retention.ts";

// Everything below is written in UTC ("Z") and must give the same plan under any TZ;
// run with TZ=UTC and TZ=America/Los_Angeles. NOW is the US spring-forward day.
const NOW = new Date("2026-03-08T10:30:00Z");
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const minute = (iso: string): SnapshotRef => ({ at: new Date(iso), resolution: "minute" });
const hour = (iso: string): SnapshotRef => ({ at: new Date(iso), resolution: "hour" });
const iso = (dates: Date[]) => dates.map((date) => date.toISOString());
const refs = (snapshots: SnapshotRef[]) => snapshots.map((s) => `${s.resolution} ${s.at.toISOString()}`);

describe("planSnapshotRetention", () => {
  it("keeps minute snapshots from the last two days", () => {
    const plan = planSnapshotRetention([minute("2026-03-08T10:29:00Z"), minute("2026-03-06T11:00:00Z")], NOW);
    expect(plan).toEqual({ toDelete: [], hourlyToCreate: [] });
  });

  it("folds the minutes of a whole hour older than two days into one hourly snapshot", () => {
    const plan = planSnapshotRetention(
      [minute("2026-03-06T08:00:00Z"), minute("2026-03-06T08:59:00Z"), minute("2026-03-06T08:30:00Z"), minute("2026-03-06T09:15:00Z")],
      NOW,
    );
    expect(plan.hourlyToCreate.map((fold) => [fold.hourStart.toISOString(), iso(fold.from)])).toEqual([
      ["2026-03-06T08:00:00.000Z", ["2026-03-06T08:00:00.000Z", "2026-03-06T08:30:00.000Z", "2026-03-06T08:59:00.000Z"]],
      ["2026-03-06T09:00:00.000Z", ["2026-03-06T09:15:00.000Z"]],
    ]);
    expect(refs(plan.toDelete)).toEqual([
      "minute 2026-03-06T08:00:00.000Z",
      "minute 2026-03-06T08:30:00.000Z",
      "minute 2026-03-06T08:59:00.000Z",
      "minute 2026-03-06T09:15:00.000Z",
    ]);
  });

  it("leaves an hour that straddles the two-day cutoff alone until it is wholly old", () => {
    // Cutoff is 2026-03-06T10:30Z: 10:05 is older than two days but 10:45 is not, same hour.
    const plan = planSnapshotRetention([minute("2026-03-06T10:05:00Z"), minute("2026-03-06T10:45:00Z")], NOW);
    expect(plan).toEqual({ toDelete: [], hourlyToCreate: [] });
    const hourLater = planSnapshotRetention(
      [minute("2026-03-06T10:05:00Z"), minute("2026-03-06T10:45:00Z")],
      new Date(NOW.getTime() + HOUR_MS),
    );
    expect(hourLater.hourlyToCreate.map((fold) => iso(fold.from))).toEqual([
      ["2026-03-06T10:05:00.000Z", "2026-03-06T10:45:00.000Z"],
    ]);
  });

  it("only deletes minutes whose hourly snapshot already exists (a previous run stopped halfway)", () => {
    const plan = planSnapshotRetention([hour("2026-03-05T12:00:00Z"), minute("2026-03-05T12:10:00Z")], NOW);
    expect(plan.hourlyToCreate).toEqual([]);
    expect(refs(plan.toDelete)).toEqual(["minute 2026-03-05T12:10:00.000Z"]);
  });

  it("deletes hourly snapshots after ninety days and does not fold minutes that old", () => {
    const plan = planSnapshotRetention(
      [hour("2025-12-01T00:00:00Z"), hour("2025-12-20T00:00:00Z"), minute("2025-12-01T00:10:00Z")],
      NOW,
    );
    expect(plan.hourlyToCreate).toEqual([]);
    expect(refs(plan.toDelete)).toEqual(["hour 2025-12-01T00:00:00.000Z", "minute 2025-12-01T00:10:00.000Z"]);
  });

  it("buckets by UTC hour, also across a local DST fall-back (01:30 happens twice in Los Angeles)", () => {
    // 08:30Z is 01:30 PDT and 09:30Z is 01:30 PST on 2025-11-02: one local hour, two real ones.
    const plan = planSnapshotRetention(
      [minute("2025-11-02T08:30:00Z"), minute("2025-11-02T09:30:00Z")],
      new Date("2025-11-10T00:00:00Z"),
    );
    expect(plan.hourlyToCreate.map((fold) => fold.hourStart.toISOString())).toEqual([
      "2025-11-02T08:00:00.000Z",
      "2025-11-02T09:00:00.000Z",
    ]);
  });

  it("treats duplicate input rows as one", () => {
    const plan = planSnapshotRetention([minute("2026-03-01T00:01:00Z"), minute("2026-03-01T00:01:00Z")], NOW);
    expect(plan.hourlyToCreate.map((fold) => iso(fold.from))).toEqual([["2026-03-01T00:01:00.000Z"]]);
    expect(plan.toDelete).toHaveLength(1);
  });

  it("honours a custom policy", () => {
    const plan = planSnapshotRetention([minute("2026-03-08T08:10:00Z")], NOW, {
      minuteRetentionMs: HOUR_MS,
      hourlyRetentionMs: 30 * DAY_MS,
    });
    expect(plan.hourlyToCreate.map((fold) => fold.hourStart.toISOString())).toEqual(["2026-03-08T08:00:00.000Z"]);
  });

  it("converges: applying the plan and planning again changes nothing", () => {
    const snapshotArb = fc.record({
      at: fc.integer({ min: NOW.getTime() - 100 * DAY_MS, max: NOW.getTime() }).map((ms) => new Date(ms)),
      resolution: fc.constantFrom("minute" as const, "hour" as const),
    });
    fc.assert(
      fc.property(fc.array(snapshotArb, { maxLength: 40 }), (input) => {
        // Stored hourly snapshots always sit on an hour start.
        const snapshots = input.map((s) =>
          s.resolution === "hour" ? { ...s, at: new Date(Math.floor(s.at.getTime() / HOUR_MS) * HOUR_MS) } : s,
        );
        const plan = planSnapshotRetention(snapshots, NOW);
        const key = (s: SnapshotRef) => `${s.resolution}:${s.at.getTime()}`;
        const deleted = new Set(plan.toDelete.map(key));

        for (const fold of plan.hourlyToCreate) {
          expect(fold.hourStart.getTime() % HOUR_MS).toBe(0);
          for (const from of fold.from) {
            expect(deleted.has(`minute:${from.getTime()}`)).toBe(true);
            expect(from.getTime() - fold.hourStart.getTime()).toBeLessThan(HOUR_MS);
            expect(from.getTime()).toBeGreaterThanOrEqual(fold.hourStart.getTime());
          }
        }
        for (const s of snapshots) {
          // Nothing younger than two days is ever touched.
          if (s.at.getTime() >= NOW.getTime() - 2 * DAY_MS) expect(deleted.has(key(s))).toBe(false);
        }

        const after = [
          ...snapshots.filter((s) => !deleted.has(key(s))),
          ...plan.hourlyToCreate.map((fold) => ({ at: fold.hourStart, resolution: "hour" as const })),
        ];
        // No hourly row is created twice (the table's unique key would reject it).
        expect(new Set(after.filter((s) => s.resolution === "hour").map(key)).size).toBe(
          new Set(snapshots.filter((s) => s.resolution === "hour" && !deleted.has(key(s))).map(key)).size +
            plan.hourlyToCreate.length,
        );
        expect(planSnapshotRetention(after, NOW)).toEqual({ toDelete: [], hourlyToCreate: [] });
      }),
      { numRuns: 2000 },
    );
  });
});
