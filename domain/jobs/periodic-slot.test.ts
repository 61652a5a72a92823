import { describe, expect, it } from "vitest";
import { decideSlotRun, describeOverrun } from "./periodic-slot.ts";

const slot = new Date("2026-12-04T10:00:00.000Z");
const at = (ms: number) => new Date(slot.getTime() + ms);

describe("periodic slots", () => {
  it("runs a job picked up inside its own interval", () => {
    expect(decideSlotRun("mesh-telemetry", slot, at(14_999), 15_000)).toEqual({ run: true });
    expect(decideSlotRun("mesh-telemetry", null, at(60_000), 15_000)).toEqual({ run: true });
  });

  it("skips, with a reason, a job picked up after its interval ended", () => {
    const decision = decideSlotRun("mesh-telemetry", slot, at(31_000), 15_000);
    expect(decision).toMatchObject({ run: false, lateByMs: 31_000 });
    expect(decision.run === false && decision.reason).toBe(
      "mesh-telemetry: the run for 2026-12-04T10:00:00.000Z started 31 s late, after its 15 s interval had ended (an earlier run overran); skipped, the next interval's run takes over",
    );
  });

  it("says when a run took longer than its interval", () => {
    expect(describeOverrun("mesh-telemetry", 15_000, 15_000)).toBeNull();
    expect(describeOverrun("mesh-telemetry", 21_400, 15_000)).toBe(
      "mesh-telemetry: a run took 21.4 s, longer than its 15 s interval; the runs due meanwhile are skipped",
    );
  });
});
