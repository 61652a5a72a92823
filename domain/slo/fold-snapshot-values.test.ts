import { describe, expect, it } from "vitest";
import { foldSnapshotValues } from "./fold-snapshot-values.ts";

describe("foldSnapshotValues", () => {
  it("keeps the worst moment: worst status, lowest SLI and budget, highest burn per window", () => {
    expect(
      foldSnapshotValues([
        { status: "healthy", sli: 0.9995, budgetRemaining: 0.5, burnRates: { "1h": 0.5, "5m": null } },
        { status: "breached", sli: 0.998, budgetRemaining: -0.1, burnRates: { "1h": 20, "5m": 30 } },
        { status: "no_data", sli: null, budgetRemaining: null, burnRates: { "1h": null } },
        { status: "at_risk", sli: 0.999, budgetRemaining: 0.2, burnRates: { "1h": 15, "5m": 2 } },
      ]),
    ).toEqual({ status: "breached", sli: 0.998, budgetRemaining: -0.1, burnRates: { "1h": 20, "5m": 30 } });
  });

  it("ranks no_data above at_risk, keeps unknown numbers unknown, and refuses an empty list", () => {
    expect(
      foldSnapshotValues([
        { status: "at_risk", sli: null, budgetRemaining: null, burnRates: { "1h": null } },
        { status: "no_data", sli: null, budgetRemaining: null, burnRates: {} },
      ]),
    ).toEqual({ status: "no_data", sli: null, budgetRemaining: null, burnRates: { "1h": null } });
    expect(() => foldSnapshotValues([])).toThrow(RangeError);
  });
});
