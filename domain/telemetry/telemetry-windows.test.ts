import { describe, expect, it } from "vitest";
import { parseWindowName, telemetryWindows, windowSeconds } from "./telemetry-windows.ts";

describe("telemetry windows", () => {
  it("lists the alert windows and the default 28-day SLO window, shortest first", () => {
    expect(telemetryWindows()).toEqual(["5m", "30m", "1h", "2h", "6h", "1d", "3d", "28d"]);
  });
  it("takes a configured SLO window", () => {
    expect(telemetryWindows("30d")).toEqual(["5m", "30m", "1h", "2h", "6h", "1d", "3d", "30d"]);
  });
  it("does not repeat an SLO window that is also an alert window", () => {
    expect(telemetryWindows("3d")).toEqual(["5m", "30m", "1h", "2h", "6h", "1d", "3d"]);
  });
  it.each([
    ["5m", 300],
    ["2h", 7200],
    ["28d", 2_419_200],
  ] as const)("%s lasts %i s", (window, seconds) => {
    expect(windowSeconds(window)).toBe(seconds);
  });
  it.each(["28d", "90d", "7d", "1h"])("accepts %s", (text) => {
    expect(parseWindowName(text)).toBe(text);
  });
  it.each(["0d", "91d", "1.5d", "-3d", "7m", "28", "", "4w"])("rejects %j with the accepted forms", (text) => {
    expect(() => parseWindowName(text)).toThrow(/is not a telemetry window: use one of 5m, 30m, 1h, 2h, 6h, 1d, 3d or a number of days up to 90d/);
  });
});
