import { getPrisma } from "@/server/db/client.ts";

// What staleness is judged from (domain/catalog/assess-service-staleness.ts). Every query is scoped by organizationId.

export interface TServiceStalenessFacts {
  createdAt: Date;
  liveWorkloads: number;
  lastWorkloadSeenAt: Date | null;
  lastTrafficAt: Date | null;
  telemetryMeasuredAt: Date | null;
}

export async function findServiceStalenessFacts(organizationId: string, slug: string): Promise<TServiceStalenessFacts | null> {
  const prisma = getPrisma();
  const service = await prisma.service.findUnique({ where: { organizationId_slug: { organizationId, slug } }, select: { id: true, createdAt: true } });
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
  };
}
