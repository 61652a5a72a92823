import { sourceLagMs } from "@/domain/system/source-lag.ts";
import type { TActor } from "@/server/identity/actor.ts";
import { isOrganizationAdmin } from "@/server/identity/is-organization-admin.ts";
import { AppError } from "@/server/http/problem.ts";
import { HEARTBEAT_INTERVAL_MS } from "./start-worker-heartbeat.ts";
import { findOrganizationLeases } from "./system-leases.repository.ts";
import { findWorkerStatuses, type TSourceSnapshot } from "./system-workers.repository.ts";

/** A process silent for this many heartbeats is shown as gone (it crashed, or is partitioned from the database). */
const SILENT_AFTER_MS = HEARTBEAT_INTERVAL_MS * 4;
/** Stopped or silent processes stay on the page this long. */
const SHOWN_FOR_MS = 3_600_000;

export interface TSourceStatusDto {
  source: string;
  /** The source's period; null for a continuous source (a cluster watch). */
  everyMs: number | null;
  lastCycleAt: string | null;
  lastDurationMs: number | null;
  /** How far behind: past its period since the last cycle, or a watch's unwritten backlog. */
  lagMs: number;
  cycles: number;
  failures: number;
  lastError: string | null;
  lastErrorAt: string | null;
}

export interface TWorkerStatusDto {
  id: string;
  hostname: string;
  pid: number;
  startedAt: string;
  lastSeenAt: string;
  state: "running" | "silent" | "stopped";
  sources: TSourceStatusDto[];
}

export interface TClusterLeaseDto {
  cluster: string;
  holder: { hostname: string; pid: number; workerId: string };
  since: string;
  expiresAt: string;
  /** The holder stopped renewing (it died): another worker takes the cluster over. */
  expired: boolean;
}

export interface TSystemStatusDto {
  workers: TWorkerStatusDto[];
  clusters: TClusterLeaseDto[];
}

/**
 * /settings/system, for an organization's admins: each worker process (heartbeat, and per
 * source its last cycle, lag and failures) and which process watches each of the
 * organization's clusters. System-wide jobs are shown to every organization's admins;
 * another organization's clusters never are.
 */
export async function getSystemStatus(organizationId: string, actor: TActor, now: Date): Promise<TSystemStatusDto> {
  if (!isOrganizationAdmin(actor)) throw new AppError(403, "Not allowed", "Only organization admins can see the system status.");
  const [workers, leases] = await Promise.all([findWorkerStatuses(organizationId, new Date(now.getTime() - SHOWN_FOR_MS)), findOrganizationLeases(organizationId)]);
  // One worker runs each slot of a periodic job: it is late only if no worker ran it lately.
  const latestCycle = new Map<string, number>();
  for (const source of workers.flatMap((worker) => worker.sources)) {
    const at = source.lastCycleAt?.getTime() ?? 0;
    if (at > (latestCycle.get(source.source) ?? 0)) latestCycle.set(source.source, at);
  }
  return {
    workers: workers.map((worker) => ({
      id: worker.id,
      hostname: worker.hostname,
      pid: worker.pid,
      startedAt: worker.startedAt.toISOString(),
      lastSeenAt: worker.lastSeenAt.toISOString(),
      state: worker.stoppedAt !== null ? "stopped" : now.getTime() - worker.lastSeenAt.getTime() > SILENT_AFTER_MS ? "silent" : "running",
      sources: worker.sources.map((source) => toSourceDto(source, latestCycle.get(source.source) ?? 0, now)),
    })),
    // A lease left by a crashed holder of a cluster nobody watches any more (its integration was removed) fades away.
    clusters: leases.filter((lease) => now.getTime() - lease.expiresAt.getTime() < SHOWN_FOR_MS).map((lease) => ({
      cluster: lease.subject,
      holder: { hostname: lease.holderHost, pid: lease.holderPid, workerId: lease.holderId },
      since: lease.acquiredAt.toISOString(),
      expiresAt: lease.expiresAt.toISOString(),
      expired: lease.expiresAt <= now,
    })),
  };
}

function toSourceDto(source: TSourceSnapshot, latestCycleAnywhere: number, now: Date): TSourceStatusDto {
  return {
    source: source.source,
    everyMs: source.everyMs,
    lastCycleAt: source.lastCycleAt?.toISOString() ?? null,
    lastDurationMs: source.lastDurationMs,
    lagMs: sourceLagMs({ everyMs: source.everyMs, reportedLagMs: source.lagMs, latestCycleAtMs: latestCycleAnywhere === 0 ? null : latestCycleAnywhere }, now.getTime()),
    cycles: source.cycles,
    failures: source.failures,
    lastError: source.lastError,
    lastErrorAt: source.lastErrorAt?.toISOString() ?? null,
  };
}
