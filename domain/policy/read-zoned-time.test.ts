import { describe, expect, it } from "vitest";
import { readZonedTime } from "./read-zoned-time.ts";

// Instants are written with Z so the host's TZ cannot change them; the suite is run under
// TZ=UTC and TZ=America/Los_Angeles to prove nothing reads the local clock.
describe("readZonedTime", () => {
  it.each([
    { instant: "2026-12-24T16:30:00Z", zone: "Europe/Berlin", local: "2026-12-24T17:30", weekday: "thu", previous: "wed" },
    { instant: "2026-12-24T16:30:00Z", zone: "UTC", local: "2026-12-24T16:30", weekday: "thu", previous: "wed" },
    { instant: "2026-12-24T16:30:00Z", zone: "America/Los_Angeles", local: "2026-12-24T08:30", weekday: "thu", previous: "wed" },
    { instant: "2026-12-24T16:30:00Z", zone: "Asia/Kolkata", local: "2026-12-24T22:00", weekday: "thu", previous: "wed" },
    // Midnight is 00, never 24 (hour12: false has rendered "24:00" on some ICU versions).
    { instant: "2026-07-04T22:00:00Z", zone: "Europe/Berlin", local: "2026-07-05T00:00", weekday: "sun", previous: "sat" },
    // Summer time: Berlin is UTC+2.
    { instant: "2026-07-03T14:00:00Z", zone: "Europe/Berlin", local: "2026-07-03T16:00", weekday: "fri", previous: "thu" },
    // Berlin springs forward at 01:00 UTC on 2026-03-29: 01:59 CET then 03:00 CEST.
    { instant: "2026-03-29T00:59:00Z", zone: "Europe/Berlin", local: "2026-03-29T01:59", weekday: "sun", previous: "sat" },
    { instant: "2026-03-29T01:00:00Z", zone: "Europe/Berlin", local: "2026-03-29T03:00", weekday: "sun", previous: "sat" },
    // Sunday in UTC, still Saturday evening in Los Angeles.
    { instant: "2026-01-04T02:00:00Z", zone: "America/Los_Angeles", local: "2026-01-03T18:00", weekday: "sat", previous: "fri" },
  ])("$instant in $zone is $local ($weekday)", ({ instant, zone, local, weekday, previous }) => {
    const zoned = readZonedTime(new Date(instant), zone);
    expect(zoned.localDateTime).toBe(local);
    expect(zoned.localTime).toBe(local.slice(11));
    expect(zoned.minuteOfDay).toBe(Number(local.slice(11, 13)) * 60 + Number(local.slice(14, 16)));
    expect(zoned.weekday).toBe(weekday);
    expect(zoned.previousWeekday).toBe(previous);
  });

  it("throws for an unknown zone", () => {
    expect(() => readZonedTime(new Date("2026-01-01T00:00:00Z"), "Mars/Olympus")).toThrow(RangeError);
  });
});
