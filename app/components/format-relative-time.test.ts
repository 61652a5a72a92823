import { describe, expect, it } from "vitest";
import { formatRelativeTime } from "./format.ts";

const NOW = Date.parse("2026-12-05T12:00:00Z");
const before = (ms: number) => new Date(NOW - ms).toISOString();
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

describe("formatRelativeTime", () => {
  it.each([
    [0, "just now"],
    [44 * SECOND, "just now"],
    [50 * SECOND, "1 min ago"],
    [12 * MINUTE, "12 min ago"],
    [59 * MINUTE, "59 min ago"],
    [60 * MINUTE, "1 h ago"],
    // The demo's messages from 20 h before start-up (they used to read as the start-up time).
    [20 * HOUR, "20 h ago"],
    [47 * HOUR, "47 h ago"],
    [50 * HOUR, "2 days ago"],
    [30 * 24 * HOUR, "30 days ago"],
  ])("%i ms ago reads %s", (ago, text) => {
    expect(formatRelativeTime(before(ago), NOW)).toBe(text);
  });

  it.each([
    [-30 * SECOND, "just now"],
    [-12 * MINUTE, "in 12 min"],
    [-3 * HOUR, "in 3 h"],
    [-72 * HOUR, "in 3 days"],
  ])("a time %i ms in the future reads %s, not 'just now'", (ago, text) => {
    expect(formatRelativeTime(before(ago), NOW)).toBe(text);
  });

  it("shows a dash for no time or an unreadable one", () => {
    expect(formatRelativeTime(null, NOW)).toBe("—");
    expect(formatRelativeTime("yesterday", NOW)).toBe("—");
  });
});
