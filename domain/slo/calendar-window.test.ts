import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calendarPeriod, type CalendarWindow } from "./calendar-window.ts";

const monthly: CalendarWindow = { count: 1, unit: "M", startTime: "2022-01-01 00:00:00", timeZone: "UTC" };

describe("calendarPeriod", () => {
  it("finds the calendar month holding now (the OpenSLO spec's 1M example)", () => {
    expect(calendarPeriod(monthly, new Date("2026-12-04T21:30:00Z"))).toEqual({
      start: new Date("2026-12-01T00:00:00Z"),
      end: new Date("2027-01-01T00:00:00Z"),
    });
  });

  it("keeps periods on the time zone's wall clock across daylight-saving changes", () => {
    const berlin: CalendarWindow = { count: 1, unit: "w", startTime: "2026-01-05 00:00:00", timeZone: "Europe/Berlin" };
    // The week of the October change (Sunday 25th): starts at CEST midnight (UTC+2), ends at CET midnight (UTC+1).
    expect(calendarPeriod(berlin, new Date("2026-10-21T12:00:00Z"))).toEqual({
      start: new Date("2026-10-18T22:00:00Z"),
      end: new Date("2026-10-25T23:00:00Z"),
    });
  });

  it("handles quarters, years and months shorter than the start day", () => {
    expect(calendarPeriod({ ...monthly, unit: "Q" }, new Date("2026-05-15T00:00:00Z")).start).toEqual(new Date("2026-04-01T00:00:00Z"));
    expect(calendarPeriod({ ...monthly, unit: "Y" }, new Date("2026-05-15T00:00:00Z")).end).toEqual(new Date("2027-01-01T00:00:00Z"));
    const on31st: CalendarWindow = { ...monthly, startTime: "2026-01-31 00:00:00" };
    expect(calendarPeriod(on31st, new Date("2026-02-28T12:00:00Z")).start).toEqual(new Date("2026-02-28T00:00:00Z"));
  });

  it("reads m as minutes and M as months", () => {
    const minutes = calendarPeriod({ ...monthly, count: 30, unit: "m" }, new Date("2026-12-04T21:47:00Z"));
    expect(minutes).toEqual({ start: new Date("2026-12-04T21:30:00Z"), end: new Date("2026-12-04T22:00:00Z") });
  });

  it("always returns the period holding now, periods touching end to start", () => {
    const units = ["h", "d", "w", "M", "Q", "Y"] as const;
    fc.assert(
      fc.property(fc.constantFrom(...units), fc.integer({ min: 1, max: 3 }), fc.date({ min: new Date("2022-02-01"), max: new Date("2030-01-01"), noInvalidDate: true }), fc.constantFrom("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"), (unit, count, now, timeZone) => {
        const window: CalendarWindow = { count, unit, startTime: "2022-01-01 00:00:00", timeZone };
        const { start, end } = calendarPeriod(window, now);
        expect(start.getTime()).toBeLessThanOrEqual(now.getTime());
        expect(end.getTime()).toBeGreaterThan(now.getTime());
        expect(calendarPeriod(window, end).start).toEqual(end);
      }),
    );
  });
});
