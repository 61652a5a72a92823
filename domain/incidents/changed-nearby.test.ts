import { describe, expect, it } from "vitest";
import { changedNearbyWindow, CHANGED_NEARBY_GRACE_MS, nearbyChangeCategory, nearbyServices, selectChangedNearby, type TNearbyEventInput } from "./changed-nearby.ts";

const start = new Date("2026-03-10T14:00:00.000Z");
const minutesBefore = (minutes: number) => new Date(start.getTime() - minutes * 60_000);

describe("changedNearbyWindow", () => {
  it("spans the hours before the start and a grace after it", () => {
    const window = changedNearbyWindow(start, 6);
    expect(window.from.toISOString()).toBe("2026-03-10T08:00:00.000Z");
    expect(window.to.getTime() - start.getTime()).toBe(CHANGED_NEARBY_GRACE_MS);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])("refuses %s hours", (hours) => {
    expect(() => changedNearbyWindow(start, hours)).toThrow(RangeError);
  });

  it("is the same instant whatever the process time zone (Date math is UTC)", () => {
    const window = changedNearbyWindow(new Date("2026-03-29T01:30:00.000Z"), 2);
    // Europe's clocks jump on this night; the window is still exactly two hours.
    expect(window.from.toISOString()).toBe("2026-03-28T23:30:00.000Z");
  });
});

describe("nearbyServices", () => {
  it("marks affected services, what they call (dependency) and their callers (dependent); affected wins", () => {
    const related = nearbyServices({
      affectedIds: ["checkout", "payments"],
      edges: [
        { callerId: "web", calleeId: "checkout" },
        { callerId: "checkout", calleeId: "payments" },
        { callerId: "payments", calleeId: "ledger" },
        { callerId: null, calleeId: "checkout" },
        { callerId: "web", calleeId: "search" },
      ],
    });
    expect(Object.fromEntries(related)).toEqual({ checkout: "affected", payments: "affected", web: "dependent", ledger: "dependency" });
  });
});

describe("selectChangedNearby", () => {
  const related = new Map([
    ["checkout", "affected" as const],
    ["ledger", "dependency" as const],
  ]);
  const event = (id: string, serviceId: string | null, type: string, at: Date): TNearbyEventInput => ({ id, serviceId, type, title: id, occurredAt: at, actor: null });

  const table: { name: string; event: TNearbyEventInput; shown: boolean }[] = [
    { name: "a deploy 30 min before on an affected service", event: event("a", "checkout", "image_changed", minutesBefore(30)), shown: true },
    { name: "a scale 5 h before on a dependency", event: event("b", "ledger", "scaled", minutesBefore(300)), shown: true },
    { name: "exactly at the window's start", event: event("c", "checkout", "deploy_gate_decision", minutesBefore(360)), shown: true },
    { name: "one minute before the window", event: event("d", "checkout", "image_changed", minutesBefore(361)), shown: false },
    { name: "ten minutes after the start (grace)", event: event("e", "checkout", "rollout_complete", minutesBefore(-10)), shown: true },
    { name: "twenty minutes after the start", event: event("f", "checkout", "rollout_complete", minutesBefore(-20)), shown: false },
    { name: "a change on an unrelated service", event: event("g", "search", "image_changed", minutesBefore(30)), shown: false },
    { name: "an SLO transition (not a change people make)", event: event("h", "checkout", "slo_status_changed", minutesBefore(30)), shown: false },
    { name: "an incident report (not a change)", event: event("i", "checkout", "incident_reported", minutesBefore(30)), shown: false },
    { name: "an organization-wide policy change", event: event("j", null, "policy_changed", minutesBefore(90)), shown: true },
  ];

  it.each(table)("$name → shown: $shown", ({ event: input, shown }) => {
    const changes = selectChangedNearby(start, changedNearbyWindow(start, 6), related, [input]);
    expect(changes.length).toBe(shown ? 1 : 0);
  });

  it("orders newest first, with category, relation and minutes before the start", () => {
    const changes = selectChangedNearby(start, changedNearbyWindow(start, 6), related, table.map((row) => row.event));
    expect(changes.map((change) => change.event.id)).toEqual(["e", "a", "j", "b", "c"]);
    expect(changes[1]).toMatchObject({ category: "deploy", relation: "affected", minutesBefore: 30 });
    expect(changes[2]).toMatchObject({ category: "config", relation: "organization" });
    expect(changes[3]).toMatchObject({ category: "scale", relation: "dependency", minutesBefore: 300 });
    expect(changes[0]?.minutesBefore).toBe(-10);
  });

  it("knows the gate's and Kubernetes' event types", () => {
    expect(nearbyChangeCategory("deploy_approved")).toBe("gate");
    expect(nearbyChangeCategory("deploy_succeeded")).toBe("deploy");
    expect(nearbyChangeCategory("scaled")).toBe("scale");
    expect(nearbyChangeCategory("learning_published")).toBeNull();
  });
});
