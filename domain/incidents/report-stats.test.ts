import { describe, expect, it } from "vitest";
import { readIncidentKind } from "./incident-kinds.ts";
import { statusTimestamps } from "./incident-statuses.ts";
import { medianTimeToLearning, reportsPerWeek, reportTrend, weekStart } from "./report-stats.ts";
import { isActionItemOverdue, parseDueDate } from "./action-items.ts";
import { suggestAffectedServices } from "./suggest-affected-services.ts";

describe("reports per week", () => {
  const now = new Date("2026-03-11T10:00:00.000Z"); // a Wednesday

  it("starts weeks on Monday UTC", () => {
    expect(weekStart(now).toISOString()).toBe("2026-03-09T00:00:00.000Z");
    expect(weekStart(new Date("2026-03-08T23:59:59.000Z")).toISOString()).toBe("2026-03-02T00:00:00.000Z");
  });

  it("counts every week, empty ones as 0, oldest first", () => {
    const weeks = reportsPerWeek([new Date("2026-03-10T00:00:00Z"), new Date("2026-03-09T08:00:00Z"), new Date("2026-02-24T08:00:00Z"), new Date("2025-01-01T00:00:00Z")], now, 3);
    expect(weeks).toEqual([
      { weekStart: "2026-02-23", count: 1 },
      { weekStart: "2026-03-02", count: 0 },
      { weekStart: "2026-03-09", count: 2 },
    ]);
  });

  it.each([
    [[1, 1, 3, 4], "rising"],
    [[4, 3, 1, 1], "falling"],
    [[2, 2, 2, 2], "steady"],
  ] as const)("%j is %s", (counts, trend) => {
    expect(reportTrend(counts.map((count, index) => ({ weekStart: String(index), count })))).toBe(trend);
  });

  it("takes the median time to a learning, ignoring incidents without one", () => {
    const at = (hours: number) => new Date(Date.UTC(2026, 0, 1, hours));
    expect(medianTimeToLearning([{ startedAt: at(0), learnedAt: at(2) }, { startedAt: at(0), learnedAt: at(4) }, { startedAt: at(0), learnedAt: null }])).toBe(3 * 3_600_000);
    expect(medianTimeToLearning([{ startedAt: at(0), learnedAt: null }])).toBeNull();
  });
});

describe("kinds, statuses, action items, suggestions", () => {
  it.each([
    ["critical", "SEV1"],
    ["SEV-2", "SEV2"],
    ["p3", "SEV3"],
    ["warning", "SEV3"],
    ["near miss", "near_miss"],
    ["whatever", null],
  ])("reads %s as %s", (text, kind) => {
    expect(readIncidentKind(text)).toBe(kind);
  });

  it("stamps mitigated and resolved times once and clears them on reopening", () => {
    const at = new Date("2026-01-01T00:00:00Z");
    const later = new Date("2026-01-01T01:00:00Z");
    expect(statusTimestamps({ status: "open", mitigatedAt: null, resolvedAt: null }, "resolved", at)).toEqual({ mitigatedAt: at, resolvedAt: at });
    expect(statusTimestamps({ status: "mitigated", mitigatedAt: at, resolvedAt: null }, "resolved", later)).toEqual({ mitigatedAt: at, resolvedAt: later });
    expect(statusTimestamps({ status: "resolved", mitigatedAt: at, resolvedAt: at }, "open", later)).toEqual({ mitigatedAt: null, resolvedAt: null });
  });

  it("is overdue only after the due day, and never once done", () => {
    const due = parseDueDate("2026-03-10");
    expect(isActionItemOverdue({ dueOn: due, doneAt: null }, new Date("2026-03-10T23:00:00Z"))).toBe(false);
    expect(isActionItemOverdue({ dueOn: due, doneAt: null }, new Date("2026-03-11T00:00:01Z"))).toBe(true);
    expect(isActionItemOverdue({ dueOn: due, doneAt: new Date() }, new Date("2026-04-01T00:00:00Z"))).toBe(false);
    expect(parseDueDate("2026-02-30")).toBeNull();
  });

  it("suggests burning services and callers of chosen ones, never the chosen ones", () => {
    const suggestions = suggestAffectedServices({
      chosenIds: ["checkout"],
      burningIds: ["checkout", "search"],
      edges: [
        { callerId: "web", calleeId: "checkout" },
        { callerId: "checkout", calleeId: "payments" },
        { callerId: null, calleeId: "checkout" },
      ],
    });
    expect(suggestions).toEqual([
      { serviceId: "search", reason: "suggested_burning" },
      { serviceId: "web", reason: "suggested_caller" },
    ]);
  });
});
