/** A fault injected into the demo's simulated mesh, as stored (server/demo/demo-faults.repository.ts). */
export interface TDemoFaultRecord {
  id: string;
  organizationId: string;
  serviceSlug: string;
  errorRate: number;
  /** Wall-clock instant of injection. */
  injectedAt: Date;
  /** Length in simulated time (PLUMBLINE_DEMO_SPEED shortens it on the wall clock). */
  durationMs: number;
  /** The demo speed at injection, to tell when the fault ends on the wall clock. */
  speed: number;
  /** Set by "clear": the fault stops then, but stays in the simulated history. */
  clearedAt: Date | null;
}

/** When the fault stops (or stopped) on the wall clock. */
export function demoFaultEndsAt(fault: TDemoFaultRecord): Date {
  const planned = new Date(fault.injectedAt.getTime() + fault.durationMs / fault.speed);
  return fault.clearedAt && fault.clearedAt < planned ? fault.clearedAt : planned;
}
