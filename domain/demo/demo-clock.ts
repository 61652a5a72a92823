/**
 * Simulated time for the demo. `PLUMBLINE_DEMO_SPEED` makes it run faster than the wall
 * clock from `anchor` on, so a 30-minute fault injected at speed 60 plays out in 30
 * seconds and visibly burns budget within minutes. At speed 1 simulated time is real time.
 * The mapping is linear, so any real instant (before or after the anchor) has one
 * simulated instant and back.
 */
export interface TDemoClock {
  speed: number;
  toSimulatedMs(real: Date): number;
  toReal(simulatedMs: number): Date;
}

export function createDemoClock(anchor: Date, speed: number): TDemoClock {
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`demo speed must be a positive number (got ${speed})`);
  const a = anchor.getTime();
  return {
    speed,
    toSimulatedMs: (real) => a + (real.getTime() - a) * speed,
    toReal: (simulatedMs) => new Date(a + (simulatedMs - a) / speed),
  };
}
