import { getPrisma } from "@/server/db/client.ts";
import { demoFaultEndsAt, type TDemoFaultRecord } from "./demo-fault-record.ts";

/**
 * Faults injected into the demo's simulated mesh. In the database: the web process that
 * takes POST /api/v1/demo/faults and the worker process whose simulator reads them are
 * different processes once Plumbline runs with `--role web|workers`, and a restart keeps
 * them (a 28-day window remembers old faults anyway).
 */

// Old faults still shape the history; keep a bounded number per organization.
const MAX_RECORDS = 200;

const SELECT = {
  id: true,
  organizationId: true,
  serviceSlug: true,
  errorRate: true,
  injectedAt: true,
  durationMs: true,
  speed: true,
  clearedAt: true,
} as const;

export async function insertDemoFault(input: Omit<TDemoFaultRecord, "id" | "clearedAt">): Promise<TDemoFaultRecord> {
  const prisma = getPrisma();
  const record = await prisma.demoFault.create({ data: { ...input, clearedAt: null }, select: SELECT });
  const beyond = await prisma.demoFault.findMany({
    where: { organizationId: input.organizationId },
    orderBy: [{ injectedAt: "desc" }, { id: "desc" }],
    skip: MAX_RECORDS,
    select: { id: true },
  });
  if (beyond.length > 0) await prisma.demoFault.deleteMany({ where: { organizationId: input.organizationId, id: { in: beyond.map((row) => row.id) } } });
  return record;
}

/** The organization's faults, oldest first. */
export async function findDemoFaults(organizationId: string): Promise<TDemoFaultRecord[]> {
  return getPrisma().demoFault.findMany({ where: { organizationId }, orderBy: [{ injectedAt: "asc" }, { id: "asc" }], select: SELECT });
}

/** Ends the organization's active faults (of one service, or all) at `now`; returns how many. */
export async function clearActiveDemoFaults(organizationId: string, serviceSlug: string | null, now: Date): Promise<number> {
  const prisma = getPrisma();
  const candidates = await prisma.demoFault.findMany({
    where: { organizationId, clearedAt: null, ...(serviceSlug === null ? {} : { serviceSlug }) },
    select: SELECT,
  });
  const active = candidates.filter((fault) => demoFaultEndsAt(fault) > now).map((fault) => fault.id);
  if (active.length === 0) return 0;
  const { count } = await prisma.demoFault.updateMany({ where: { organizationId, id: { in: active }, clearedAt: null }, data: { clearedAt: now } });
  return count;
}
