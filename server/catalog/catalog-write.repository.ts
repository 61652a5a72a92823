import { getPrisma } from "../db/client.ts";
import type { Prisma } from "../db/generated/client.ts";
import { edgeKey } from "../../domain/graph/edge-key.ts";
import type { CatalogSnapshot } from "../../domain/catalog/catalog-types.ts";
import type { TServiceWarning } from "./catalog.schemas.ts";

export interface TApplyCounts {
  teams: number;
  people: number;
  memberships: number;
  systems: number;
  services: number;
  declaredEdges: number;
  removed: { services: number; declaredEdges: number; memberships: number };
}

/**
 * Writes a catalog snapshot as the declared facts of one organization, in one
 * transaction. With `prune`, catalog-declared rows absent from the snapshot are removed
 * (a full mutation, as Backstage's providers do); the importer only prunes when the
 * catalog had no errors, so a broken file never deletes what it failed to describe.
 */
export async function applyCatalogSnapshot(
  organizationId: string,
  snapshot: CatalogSnapshot,
  options: { prune: boolean; origin: string; warningsByService: Map<string, TServiceWarning[]> },
): Promise<TApplyCounts> {
  return getPrisma().$transaction(
    async (tx) => {
      const teamIds = new Map<string, string>();
      for (const team of snapshot.teams) {
        const data = {
          name: team.name,
          description: team.description,
          email: team.email,
          slackChannel: team.slackChannel,
          parentSlug: team.parentSlug,
          source: "catalog" as const,
        };
        const row = await tx.team.upsert({
          where: { organizationId_slug: { organizationId, slug: team.slug } },
          create: { organizationId, slug: team.slug, ...data },
          update: data,
          select: { id: true },
        });
        teamIds.set(team.slug, row.id);
      }

      const personIds = new Map<string, string>();
      for (const person of snapshot.people) {
        const email = person.email.toLowerCase();
        const row = await tx.person.upsert({
          where: { organizationId_email: { organizationId, email } },
          create: { organizationId, email, name: person.name, handle: person.handle, slackUserId: person.slackUserId },
          // A Slack id learned at run time (users.lookupByEmail) is kept when the catalog has none.
          update: { name: person.name, handle: person.handle, ...(person.slackUserId ? { slackUserId: person.slackUserId } : {}) },
          select: { id: true },
        });
        personIds.set(email, row.id);
      }

      const keptMemberships: string[] = [];
      for (const membership of snapshot.memberships) {
        const teamId = teamIds.get(membership.teamSlug);
        const personId = personIds.get(membership.personEmail.toLowerCase());
        if (!teamId || !personId) continue;
        const row = await tx.teamMembership.upsert({
          where: { teamId_personId: { teamId, personId } },
          create: { organizationId, teamId, personId, role: membership.role, source: "catalog" },
          update: { role: membership.role },
          select: { id: true },
        });
        keptMemberships.push(row.id);
      }

      const systemIds = new Map<string, string>();
      for (const system of snapshot.systems) {
        const data = {
          name: system.name,
          description: system.description,
          ownerTeamId: system.ownerTeamSlug ? (teamIds.get(system.ownerTeamSlug) ?? null) : null,
        };
        const row = await tx.system.upsert({
          where: { organizationId_slug: { organizationId, slug: system.slug } },
          create: { organizationId, slug: system.slug, ...data },
          update: data,
          select: { id: true },
        });
        systemIds.set(system.slug, row.id);
      }

      const serviceIds = new Map<string, string>();
      for (const service of snapshot.services) {
        const provenance: Record<string, { source: string; origin: string }> = {};
        const declared = {
          name: service.name,
          description: service.description,
          tier: service.tier,
          lifecycle: service.lifecycle,
          type: service.type,
          repoUrl: service.repoUrl,
          runbookUrl: service.runbookUrl,
          slackChannel: service.slackChannel,
        };
        for (const [field, value] of Object.entries({ ...declared, owner: service.ownerTeamSlug, system: service.systemSlug })) {
          if (value !== null && value !== undefined) provenance[field] = { source: "catalog", origin: options.origin };
        }
        const data = {
          ...declared,
          ownerTeamId: teamIds.get(service.ownerTeamSlug) ?? null,
          systemId: service.systemSlug ? (systemIds.get(service.systemSlug) ?? null) : null,
          links: service.links as unknown as Prisma.InputJsonValue,
          tags: service.tags,
          annotations: service.annotations as Prisma.InputJsonValue,
          provenance: provenance as Prisma.InputJsonValue,
          warnings: (options.warningsByService.get(service.slug) ?? []) as unknown as Prisma.InputJsonValue,
          source: "catalog" as const,
        };
        const row = await tx.service.upsert({
          where: { organizationId_slug: { organizationId, slug: service.slug } },
          create: { organizationId, slug: service.slug, ...data },
          update: data,
          select: { id: true },
        });
        serviceIds.set(service.slug, row.id);
      }

      const keptEdgeKeys: string[] = [];
      for (const edge of snapshot.declaredEdges) {
        const callerId = serviceIds.get(edge.callerSlug);
        const calleeId = serviceIds.get(edge.calleeSlug);
        if (!callerId || !calleeId) continue;
        const key = edgeKey("declared", edge.callerSlug, edge.calleeSlug);
        await tx.edge.upsert({
          where: { organizationId_key: { organizationId, key } },
          create: { organizationId, key, callerId, calleeId, source: "declared" },
          update: { callerId, calleeId, goneAt: null },
          select: { id: true },
        });
        keptEdgeKeys.push(key);
      }

      const removed = { services: 0, declaredEdges: 0, memberships: 0 };
      if (options.prune) {
        removed.declaredEdges = (
          await tx.edge.deleteMany({ where: { organizationId, source: "declared", key: { notIn: keptEdgeKeys } } })
        ).count;
        removed.memberships = (
          await tx.teamMembership.deleteMany({ where: { organizationId, source: "catalog", id: { notIn: keptMemberships } } })
        ).count;
        // A service that still runs somewhere stays (Kubernetes observes it); only a
        // purely declared one disappears with its catalog entry.
        removed.services = (
          await tx.service.deleteMany({
            where: {
              organizationId,
              source: "catalog",
              slug: { notIn: [...serviceIds.keys()] },
              workloads: { none: { deletedAt: null } },
            },
          })
        ).count;
      }

      return {
        teams: teamIds.size,
        people: personIds.size,
        memberships: keptMemberships.length,
        systems: systemIds.size,
        services: serviceIds.size,
        declaredEdges: keptEdgeKeys.length,
        removed,
      };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

export async function recordCatalogImport(
  organizationId: string,
  run: { origin: string; startedAt: Date; counts: unknown; problems: unknown; succeeded: boolean },
): Promise<void> {
  await getPrisma().catalogImport.create({
    data: {
      organizationId,
      origin: run.origin,
      startedAt: run.startedAt,
      finishedAt: new Date(),
      counts: run.counts as Prisma.InputJsonValue,
      problems: run.problems as Prisma.InputJsonValue,
      succeeded: run.succeeded,
    },
  });
}

export async function countServices(organizationId: string): Promise<number> {
  return getPrisma().service.count({ where: { organizationId } });
}
