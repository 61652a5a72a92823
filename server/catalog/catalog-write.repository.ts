import { getPrisma } from "@/server/db/client.ts";
import type { Prisma } from "@/server/db/generated/client.ts";
import { edgeKey } from "@/domain/graph/edge-key.ts";
import type { CatalogSnapshot } from "@/domain/catalog/catalog-types.ts";
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

/** Slugs the organization already has, so a partial import may refer to them. */
export async function findKnownCatalogSlugs(
  organizationId: string,
): Promise<{ teamSlugs: string[]; serviceSlugs: string[] }> {
  const prisma = getPrisma();
  const [teams, services] = await Promise.all([
    prisma.team.findMany({ where: { organizationId }, select: { slug: true } }),
    prisma.service.findMany({ where: { organizationId }, select: { slug: true } }),
  ]);
  return { teamSlugs: teams.map((t) => t.slug), serviceSlugs: services.map((s) => s.slug) };
}

/**
 * Writes a catalog snapshot as the declared facts of one organization, in one
 * transaction, as declared by the catalog location `origin`. With `prune`, rows that
 * this origin declared before and no longer does are removed (a full mutation of what
 * the origin owns, as Backstage's entity providers do); other origins' rows are never
 * touched. The importer only prunes when the catalog had no errors.
 */
export async function applyCatalogSnapshot(
  organizationId: string,
  snapshot: CatalogSnapshot,
  options: { prune: boolean; origin: string; warningsByService: Map<string, TServiceWarning[]> },
): Promise<TApplyCounts> {
  return getPrisma().$transaction(
    async (tx) => {
      // Existing rows first, so references to teams and services declared elsewhere resolve.
      const existingTeams = await tx.team.findMany({ where: { organizationId }, select: { slug: true, id: true } });
      const existingServices = await tx.service.findMany({
        where: { organizationId },
        select: { slug: true, id: true, warnings: true, provenance: true },
      });
      const knownTeamIds = new Map(existingTeams.map((t) => [t.slug, t.id]));
      const knownServiceIds = new Map(existingServices.map((s) => [s.slug, s.id]));
      const existingServiceFacts = new Map(existingServices.map((s) => [s.slug, s]));
      const teamIds = new Map<string, string>();
      for (const team of snapshot.teams) {
        const data = {
          name: team.name,
          description: team.description,
          email: team.email,
          slackChannel: team.slackChannel,
          slackDmApprovers: team.slackDmApprovers ?? false,
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
        const teamId = teamIds.get(membership.teamSlug) ?? knownTeamIds.get(membership.teamSlug);
        const personId = personIds.get(membership.personEmail.toLowerCase());
        if (!teamId || !personId) continue;
        const row = await tx.teamMembership.upsert({
          where: { teamId_personId: { teamId, personId } },
          create: { organizationId, teamId, personId, role: membership.role, source: "catalog", catalogOrigin: options.origin },
          update: { role: membership.role, catalogOrigin: options.origin },
          select: { id: true },
        });
        keptMemberships.push(row.id);
      }

      const systemIds = new Map<string, string>();
      for (const system of snapshot.systems) {
        const data = {
          name: system.name,
          description: system.description,
          ownerTeamId: system.ownerTeamSlug
            ? (teamIds.get(system.ownerTeamSlug) ?? knownTeamIds.get(system.ownerTeamSlug) ?? null)
            : null,
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
        const existing = existingServiceFacts.get(service.slug);
        const provenance: Record<string, Record<string, unknown>> = {};
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
          if (value !== null && value !== undefined) {
            provenance[field] = { source: "catalog", origin: options.origin, ...observedPart(existing?.provenance, field, value) };
          }
        }
        const data = {
          ...declared,
          ownerTeamId: teamIds.get(service.ownerTeamSlug) ?? knownTeamIds.get(service.ownerTeamSlug) ?? null,
          systemId: service.systemSlug ? (systemIds.get(service.systemSlug) ?? null) : null,
          links: service.links as unknown as Prisma.InputJsonValue,
          tags: service.tags,
          annotations: service.annotations as Prisma.InputJsonValue,
          provenance: provenance as Prisma.InputJsonValue,
          // The catalog replaces its own warnings only; other sources' (Kubernetes discovery) stay.
          warnings: [
            ...otherSourcesWarnings(existing?.warnings),
            ...(options.warningsByService.get(service.slug) ?? []),
          ] as unknown as Prisma.InputJsonValue,
          source: "catalog" as const,
          catalogOrigin: options.origin,
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
        const callerId = serviceIds.get(edge.callerSlug) ?? knownServiceIds.get(edge.callerSlug);
        const calleeId = serviceIds.get(edge.calleeSlug) ?? knownServiceIds.get(edge.calleeSlug);
        if (!callerId || !calleeId) continue;
        const key = edgeKey("declared", edge.callerSlug, edge.calleeSlug);
        await tx.edge.upsert({
          where: { organizationId_key: { organizationId, key } },
          create: { organizationId, key, callerId, calleeId, source: "declared", catalogOrigin: options.origin },
          update: { callerId, calleeId, goneAt: null, catalogOrigin: options.origin },
          select: { id: true },
        });
        keptEdgeKeys.push(key);
      }

      const removed = { services: 0, declaredEdges: 0, memberships: 0 };
      if (options.prune) {
        removed.declaredEdges = (
          await tx.edge.deleteMany({
            where: { organizationId, source: "declared", catalogOrigin: options.origin, key: { notIn: keptEdgeKeys } },
          })
        ).count;
        removed.memberships = (
          await tx.teamMembership.deleteMany({
            where: { organizationId, catalogOrigin: options.origin, id: { notIn: keptMemberships } },
          })
        ).count;
        // A service that still runs somewhere stays (Kubernetes observes it); only a
        // purely declared one disappears with its catalog entry.
        removed.services = (
          await tx.service.deleteMany({
            where: {
              organizationId,
              source: "catalog",
              catalogOrigin: options.origin,
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

/** Warnings written by anything but the catalog importer, which only replaces its own. */
function otherSourcesWarnings(warnings: Prisma.JsonValue | undefined): TServiceWarning[] {
  if (!Array.isArray(warnings)) return [];
  return (warnings as unknown as TServiceWarning[]).filter((warning) => typeof warning?.source === "string" && !warning.source.startsWith("catalog"));
}

/** An observed value (e.g. from Kubernetes) that still disagrees with a declared field survives a re-import. */
function observedPart(provenance: Prisma.JsonValue | undefined, field: string, declared: unknown): Record<string, unknown> {
  if (provenance === null || typeof provenance !== "object" || Array.isArray(provenance)) return {};
  const entry = (provenance as Record<string, unknown>)[field];
  if (entry === null || typeof entry !== "object" || Array.isArray(entry)) return {};
  if ((entry as Record<string, unknown>).observedValue === declared) return {};
  return Object.fromEntries(Object.entries(entry).filter(([key]) => key.startsWith("observed")));
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
