import { randomUUID } from "node:crypto";

/**
 * Faults injected into the demo's simulated mesh. Kept in memory on globalThis, not in
 * the database: in the embedded default the simulator runs inside the server process
 * (web, API and workers share one process), and Next's bundled route handlers load
 * modules separately from the workers, so globalThis is where both find the same list.
 * A restart forgets them, which is fine for a demo; with `--role web|workers` in
 * separate processes the API cannot reach the simulator (the demo is for one process).
 */

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

// Old faults still shape the history (a 28-day window remembers them); keep a bounded number.
const MAX_RECORDS = 200;
const REGISTRY_KEY = Symbol.for("plumbline.demo.faults");
type GlobalWithFaults = typeof globalThis & { [REGISTRY_KEY]?: TDemoFaultRecord[] };

function registry(): TDemoFaultRecord[] {
  const g = globalThis as GlobalWithFaults;
  g[REGISTRY_KEY] ??= [];
  return g[REGISTRY_KEY];
}

export function addDemoFault(input: Omit<TDemoFaultRecord, "id" | "clearedAt">): TDemoFaultRecord {
  const record: TDemoFaultRecord = { ...input, id: randomUUID(), clearedAt: null };
  const all = registry();
  all.push(record);
  if (all.length > MAX_RECORDS) all.splice(0, all.length - MAX_RECORDS);
  return record;
}

export function listDemoFaultRecords(organizationId: string): TDemoFaultRecord[] {
  return registry().filter((f) => f.organizationId === organizationId);
}

/** When the fault stops (or stopped) on the wall clock. */
export function demoFaultEndsAt(fault: TDemoFaultRecord): Date {
  const planned = new Date(fault.injectedAt.getTime() + fault.durationMs / fault.speed);
  return fault.clearedAt && fault.clearedAt < planned ? fault.clearedAt : planned;
}

/** Ends the organization's active faults (of one service, or all) now; returns how many. */
export function clearDemoFaultRecords(organizationId: string, serviceSlug: string | null, now: Date): number {
  let cleared = 0;
  for (const fault of registry()) {
    if (fault.organizationId !== organizationId || (serviceSlug !== null && fault.serviceSlug !== serviceSlug)) continue;
    if (demoFaultEndsAt(fault) <= now) continue;
    fault.clearedAt = now;
    cleared += 1;
  }
  return cleared;
}

/** Tests only: forget every fault. */
export function resetDemoFaultRegistry(): void {
  registry().length = 0;
}
