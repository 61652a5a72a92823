import type { TDemoTopology } from "@/domain/demo/build-demo-mesh-model.ts";
import { getPrisma } from "@/server/db/client.ts";

/** What the telemetry simulator reads: the catalog's services, owner teams, SLOs and declared calls, and when the organization began. */
export async function findDemoTopology(organizationId: string): Promise<TDemoTopology & { organizationCreatedAt: Date }> {
  const prisma = getPrisma();
  const [organization, services, edges] = await Promise.all([
    prisma.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { createdAt: true } }),
    prisma.service.findMany({
      // Services the mesh found (claimed coverage endpoints) are not simulated: their traffic is what the simulator already makes.
      where: { organizationId, source: { not: "mesh" } },
      select: {
        slug: true,
        tier: true,
        ownerTeam: { select: { slug: true } },
        slos: { select: { kind: true, objective: true, latencyThresholdMs: true }, orderBy: { name: "asc" } },
      },
      orderBy: { slug: "asc" },
    }),
    prisma.edge.findMany({
      where: { organizationId, source: "declared", goneAt: null, callerId: { not: null } },
      select: { caller: { select: { slug: true } }, callee: { select: { slug: true } } },
    }),
  ]);
  return {
    organizationCreatedAt: organization.createdAt,
    services: services.map((s) => ({ slug: s.slug, tier: s.tier, ownerTeamSlug: s.ownerTeam?.slug ?? null, slos: s.slos })),
    edges: edges.flatMap((e) => (e.caller ? [{ callerSlug: e.caller.slug, calleeSlug: e.callee.slug }] : [])),
  };
}

/** The service's owner team, or null when no such service exists in the organization. */
export async function findDemoFaultTarget(organizationId: string, slug: string): Promise<{ ownerTeamSlug: string | null } | null> {
  const found = await getPrisma().service.findUnique({
    where: { organizationId_slug: { organizationId, slug } },
    select: { ownerTeam: { select: { slug: true } } },
  });
  return found === null ? null : { ownerTeamSlug: found.ownerTeam?.slug ?? null };
}
