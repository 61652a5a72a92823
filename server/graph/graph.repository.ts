import type { TGraphEdgeInput, TGraphServiceInput } from "@/domain/graph/build-service-graph.ts";
import { getPrisma } from "@/server/db/client.ts";

/** Everything the service graph draws, for one organization: services with SLO statuses, and active edges. */
export async function findServiceGraphRows(organizationId: string): Promise<{ services: TGraphServiceInput[]; edges: TGraphEdgeInput[] }> {
  const prisma = getPrisma();
  const [services, edges] = await Promise.all([
    prisma.service.findMany({
      where: { organizationId },
      select: {
        id: true,
        slug: true,
        name: true,
        tier: true,
        ownerTeam: { select: { slug: true, name: true } },
        slos: { select: { status: true } },
      },
    }),
    prisma.edge.findMany({
      where: { organizationId, goneAt: null },
      select: {
        callerId: true,
        calleeId: true,
        source: true,
        requestRate: true,
        successRatio: true,
        latencyP99Ms: true,
        staleSince: true,
      },
    }),
  ]);
  return {
    services: services.map((s) => ({
      id: s.id,
      slug: s.slug,
      name: s.name,
      tier: s.tier,
      ownerTeam: s.ownerTeam,
      sloStatuses: s.slos.map((slo) => slo.status),
    })),
    edges: edges.map((e) => ({
      callerId: e.callerId,
      calleeId: e.calleeId,
      source: e.source,
      requestRate: e.requestRate,
      successRatio: e.successRatio,
      latencyP99Ms: e.latencyP99Ms,
      isStale: e.staleSince !== null,
    })),
  };
}
