import { getPrisma } from "@/server/db/client.ts";

// What staleness is judged from (domain/catalog/assess-service-staleness.ts). Every query is scoped by organizationId.

export interface TServiceStalenessFacts {
  createdAt: Date;
  liveWorkloads: number;
  lastWorkloadSeenAt: Date | null;
  lastTrafficAt: Date | null;
  telemetryMeasuredAt: Date | null;
  kept: { at: Date; reason: string; by: string | null } | null;
}

export async function findServiceStalenessFacts(organizationId: string, slug: string): Promise<TServiceStalenessFacts | null> {
  const prisma = getPrisma();
  const service = await prisma.service.findUnique({ where: { organizationId_slug: { organizationId, slug } }, select: { id: true, createdAt: true, keptAt: true, keptReason: true, keptBy: true } });
  if (!service) return null;
  const [live, workloadSeen, workloadDeleted, traffic, coverage] = await Promise.all([
    prisma.workload.count({ where: { organizationId, serviceId: service.id, deletedAt: null } }),
    prisma.workload.aggregate({ where: { organizationId, serviceId: service.id, deletedAt: null }, _max: { lastSeenAt: true } }),
    prisma.workload.aggregate({ where: { organizationId, serviceId: service.id, deletedAt: { not: null } }, _max: { deletedAt: true } }),
    // Gone edges too: their lastSeenAt is the last traffic the mesh saw.
    prisma.edge.aggregate({ where: { organizationId, source: "mesh", OR: [{ callerId: service.id }, { calleeId: service.id }] }, _max: { lastSeenAt: true } }),
    prisma.telemetryCoverageEndpoint.aggregate({ where: { organizationId }, _max: { measuredAt: true } }),
  ]);
  const seen = [workloadSeen._max.lastSeenAt, workloadDeleted._max.deletedAt].filter((at): at is Date => at !== null);
  return {
    createdAt: service.createdAt,
    liveWorkloads: live,
    lastWorkloadSeenAt: seen.length === 0 ? null : new Date(Math.max(...seen.map((at) => at.getTime()))),
    lastTrafficAt: traffic._max.lastSeenAt,
    telemetryMeasuredAt: coverage._max.measuredAt,
    kept: service.keptAt === null ? null : { at: service.keptAt, reason: service.keptReason ?? "", by: service.keptBy },
  };
}

/** Records an owner's "keep it although stale" on the service, and the history entry, in one transaction. */
export async function writeServiceKept(organizationId: string, slug: string, kept: { at: Date; reason: string; by: string; source: "ui" | "api" }): Promise<boolean> {
  return getPrisma().$transaction(async (tx) => {
    const service = await tx.service.findUnique({ where: { organizationId_slug: { organizationId, slug } }, select: { id: true } });
    if (!service) return false;
    await tx.service.update({ where: { id: service.id }, data: { keptAt: kept.at, keptReason: kept.reason, keptBy: kept.by } });
    await tx.changeEvent.create({
      data: { organizationId, serviceId: service.id, type: "service_kept", title: `Kept although stale: ${kept.reason}`, details: { reason: kept.reason }, actor: kept.by, source: kept.source, occurredAt: kept.at },
    });
    return true;
  });
}

/** The slug of the team owning a service: null when unowned, undefined when no such service. */
export async function findServiceOwnerTeamSlug(organizationId: string, slug: string): Promise<string | null | undefined> {
  const service = await getPrisma().service.findUnique({ where: { organizationId_slug: { organizationId, slug } }, select: { ownerTeam: { select: { slug: true } } } });
  return service === null ? undefined : (service.ownerTeam?.slug ?? null);
}

/** When the organization's telemetry last completed a round (coverage measured); null when never. */
export async function findTelemetryMeasuredAt(organizationId: string): Promise<Date | null> {
  const coverage = await getPrisma().telemetryCoverageEndpoint.aggregate({ where: { organizationId }, _max: { measuredAt: true } });
  return coverage._max.measuredAt;
}

/** Archives a service (out of the default list and graph, history kept), with the history entry, in one transaction. */
export async function writeServiceArchived(organizationId: string, slug: string, archived: { at: Date; reason: string; by: string; source: "ui" | "api" }): Promise<boolean> {
  return getPrisma().$transaction(async (tx) => {
    const service = await tx.service.findUnique({ where: { organizationId_slug: { organizationId, slug } }, select: { id: true } });
    if (!service) return false;
    await tx.service.update({ where: { id: service.id }, data: { archivedAt: archived.at, archivedReason: archived.reason, archivedBy: archived.by } });
    await tx.changeEvent.create({
      data: { organizationId, serviceId: service.id, type: "service_archived", title: `Archived as stale: ${archived.reason}`, details: { reason: archived.reason }, actor: archived.by, source: archived.source, occurredAt: archived.at },
    });
    return true;
  });
}

/**
 * Brings archived services that carry traffic again back (the mesh saw them this round),
 * each with a history entry saying why. Returns their slugs.
 */
export async function restoreArchivedServicesWithTraffic(organizationId: string, serviceIds: readonly string[], now: Date): Promise<string[]> {
  if (serviceIds.length === 0) return [];
  return getPrisma().$transaction(async (tx) => {
    // The archived services (few) filtered by the ids with traffic (every active service of
    // the round, 10,000 at scale), not an `in` list of those ids bound one parameter each.
    const withTraffic = new Set(serviceIds);
    const archived = (
      await tx.service.findMany({
        where: { organizationId, archivedAt: { not: null } },
        select: { id: true, slug: true, archivedAt: true, archivedReason: true },
      })
    ).filter((service) => withTraffic.has(service.id));
    if (archived.length === 0) return [];
    await tx.service.updateMany({ where: { organizationId, id: { in: archived.map((s) => s.id) }, archivedAt: { not: null } }, data: { archivedAt: null, archivedReason: null, archivedBy: null } });
    await tx.changeEvent.createMany({
      data: archived.map((service) => ({
        organizationId,
        serviceId: service.id,
        type: "service_unarchived",
        title: "Back from the archive: the mesh telemetry sees traffic again",
        details: { archivedAt: service.archivedAt?.toISOString() ?? null, archivedReason: service.archivedReason },
        source: "mesh" as const,
        occurredAt: now,
      })),
    });
    return archived.map((s) => s.slug).sort();
  });
}
