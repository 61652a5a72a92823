import { describe, expect, it } from "vitest";
import { formatDateTime } from "./format.ts";

// formatDateTime keeps one Intl.DateTimeFormat instead of calling toLocaleString with options
// (a new formatter per call): its text must stay what toLocaleString gave, in any zone
// (npm test runs the unit tests under TZ=UTC and TZ=America/New_York).
describe("formatDateTime", () => {
  it.each(["2026-03-07T14:05:00Z", "2026-03-08T06:59:59.999Z", "2026-11-01T05:30:00Z", "1999-12-31T23:59:00Z", "2026-07-04T00:00:00+02:00"])(
    "formats %s as toLocaleString does",
    (iso) => {
      expect(formatDateTime(iso)).toBe(new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" }));
    },
  );

  it("gives back text that is not a date", () => {
    expect(formatDateTime("not a date")).toBe("not a date");
  });
});
