import { getPrisma } from "@/server/db/client.ts";

/** Everything the catalog export writes back, declared and discovered, of one organization. */
export async function findCatalogForExport(organizationId: string) {
  const prisma = getPrisma();
  const [teams, people, systems, services, entries, edges] = await Promise.all([
    prisma.team.findMany({
      where: { organizationId },
      select: {
        slug: true,
        name: true,
        description: true,
        email: true,
        slackChannel: true,
        slackDmApprovers: true,
        parentSlug: true,
        personEmail: true,
        memberships: { select: { role: true, person: { select: { email: true } } } },
      },
      orderBy: { slug: "asc" },
    }),
    prisma.person.findMany({ where: { organizationId }, select: { email: true, name: true, handle: true, slackUserId: true }, orderBy: { email: "asc" } }),
    prisma.system.findMany({
      where: { organizationId },
      select: { slug: true, name: true, description: true, domainSlug: true, ownerTeam: { select: { slug: true } } },
      orderBy: { slug: "asc" },
    }),
    prisma.service.findMany({
      where: { organizationId },
      select: {
        slug: true,
        name: true,
        description: true,
        tier: true,
        lifecycle: true,
        type: true,
        repoUrl: true,
        runbookUrl: true,
        slackChannel: true,
        links: true,
        tags: true,
        annotations: true,
        provenance: true,
        resourceRefs: true,
        subcomponentOfRef: true,
        source: true,
        ownerTeam: { select: { slug: true } },
        system: { select: { slug: true } },
      },
      orderBy: { slug: "asc" },
    }),
    prisma.catalogEntry.findMany({
      where: { organizationId },
      select: {
        kind: true,
        slug: true,
        entityRef: true,
        name: true,
        description: true,
        type: true,
        lifecycle: true,
        unresolvedOwnerRef: true,
        systemSlug: true,
        domainSlug: true,
        dependsOnRefs: true,
        providerServiceSlugs: true,
        consumerServiceSlugs: true,
        definition: true,
        definitionSource: true,
        links: true,
        tags: true,
        annotations: true,
        ownerTeam: { select: { slug: true } },
      },
      orderBy: [{ kind: "asc" }, { slug: "asc" }],
    }),
    prisma.edge.findMany({
      where: { organizationId, source: "declared", goneAt: null },
      select: { caller: { select: { slug: true } }, callee: { select: { slug: true } } },
    }),
  ]);
  return { teams, people, systems, services, entries, edges };
}

export type TCatalogForExport = Awaited<ReturnType<typeof findCatalogForExport>>;
