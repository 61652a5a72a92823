import { describe, expect, it } from "vitest";
import { worstSloStatus } from "./slo-status-order.ts";

describe("worstSloStatus", () => {
  it.each([
    [[], null],
    [["healthy"], "healthy"],
    [["healthy", "at_risk"], "at_risk"],
    [["at_risk", "no_data"], "no_data"],
    [["no_data", "breached", "healthy"], "breached"],
    [["healthy", "healthy"], "healthy"],
  ] as const)("%j → %s", (statuses, expected) => {
    expect(worstSloStatus(statuses)).toBe(expected);
  });
});
