import { getPrisma } from "@/server/db/client.ts";
import type { TWorkerProcess } from "./worker-process.ts";

/** A worker process's heartbeat: it is alive now. */
export async function saveWorkerHeartbeat(worker: TWorkerProcess, startedAt: Date, now: Date): Promise<void> {
  await getPrisma().workerProcess.upsert({
    where: { id: worker.id },
    create: { id: worker.id, hostname: worker.hostname, pid: worker.pid, startedAt, lastSeenAt: now },
    update: { lastSeenAt: now, stoppedAt: null },
  });
}

export async function markWorkerStopped(workerId: string, now: Date): Promise<void> {
  await getPrisma().workerProcess.updateMany({ where: { id: workerId }, data: { stoppedAt: now, lastSeenAt: now } });
}

/** Forgets processes not seen since `before` (their sources go with them). */
export async function deleteWorkersNotSeenSince(before: Date): Promise<number> {
  const { count } = await getPrisma().workerProcess.deleteMany({ where: { lastSeenAt: { lt: before } } });
  return count;
}

export interface TSourceCycle {
  source: string;
  organizationId: string | null;
  everyMs: number | null;
  /** When the cycle finished. */
  at: Date;
  durationMs: number;
  /** The failure's message (kept short), or null for a good cycle. */
  error: string | null;
}

const MAX_ERROR_LENGTH = 500;

/** Counts one cycle (a periodic job's run) of a source in this process. */
export async function recordSourceCycle(workerId: string, cycle: TSourceCycle): Promise<void> {
  const failed = cycle.error !== null;
  const error = failed ? cycle.error?.slice(0, MAX_ERROR_LENGTH) : undefined;
  await getPrisma().workerSourceStatus.upsert({
    where: { workerId_source: { workerId, source: cycle.source } },
    create: {
      workerId,
      source: cycle.source,
      organizationId: cycle.organizationId,
      everyMs: cycle.everyMs,
      lastCycleAt: failed ? null : cycle.at,
      lastDurationMs: cycle.durationMs,
      cycles: 1,
      failures: failed ? 1 : 0,
      lastErrorAt: failed ? cycle.at : null,
      lastError: error ?? null,
      updatedAt: cycle.at,
    },
    update: {
      everyMs: cycle.everyMs,
      ...(failed ? { failures: { increment: 1 }, lastErrorAt: cycle.at, lastError: error ?? null } : { lastCycleAt: cycle.at }),
      lastDurationMs: cycle.durationMs,
      cycles: { increment: 1 },
      updatedAt: cycle.at,
    },
  });
}

export interface TSourceSnapshot {
  source: string;
  organizationId: string | null;
  everyMs: number | null;
  lastCycleAt: Date | null;
  lastDurationMs: number | null;
  lagMs: number;
  cycles: number;
  failures: number;
  lastErrorAt: Date | null;
  lastError: string | null;
}

/** Replaces a continuous source's counters (a cluster watch reports its totals every few seconds). */
export async function saveSourceSnapshot(workerId: string, snapshot: TSourceSnapshot, now: Date): Promise<void> {
  const data = { ...snapshot, lastError: snapshot.lastError?.slice(0, MAX_ERROR_LENGTH) ?? null, updatedAt: now };
  await getPrisma().workerSourceStatus.upsert({
    where: { workerId_source: { workerId, source: snapshot.source } },
    create: { workerId, ...data },
    update: data,
  });
}

export interface TWorkerStatusRow {
  id: string;
  hostname: string;
  pid: number;
  startedAt: Date;
  lastSeenAt: Date;
  stoppedAt: Date | null;
  sources: TSourceSnapshot[];
}

const SOURCE_SELECT = {
  source: true,
  organizationId: true,
  everyMs: true,
  lastCycleAt: true,
  lastDurationMs: true,
  lagMs: true,
  cycles: true,
  failures: true,
  lastErrorAt: true,
  lastError: true,
} as const;

/**
 * Every worker process seen since `since`, with its system-wide sources and the sources of
 * this organization only: another organization's cluster (its name, its errors) is not
 * this organization's to see.
 */
export async function findWorkerStatuses(organizationId: string, since: Date): Promise<TWorkerStatusRow[]> {
  return getPrisma().workerProcess.findMany({
    where: { lastSeenAt: { gte: since } },
    orderBy: [{ startedAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      hostname: true,
      pid: true,
      startedAt: true,
      lastSeenAt: true,
      stoppedAt: true,
      sources: {
        where: { OR: [{ organizationId: null }, { organizationId }] },
        orderBy: { source: "asc" },
        select: SOURCE_SELECT,
      },
    },
  });
}
