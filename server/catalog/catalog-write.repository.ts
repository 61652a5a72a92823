import { getPrisma } from "@/server/db/client.ts";
import { Prisma } from "@/server/db/generated/client.ts";
import { edgeKey } from "@/domain/graph/edge-key.ts";
import type { ApiDefinitionSource, CatalogSnapshot } from "@/domain/catalog/catalog-types.ts";
import type { DocumentWriteStatus } from "@/domain/catalog/account-import.ts";
import { catalogRowKey } from "@/domain/catalog/build-catalog-snapshot.ts";
import type { TServiceWarning } from "./catalog.schemas.ts";

export interface TApplyCounts {
  teams: number;
  people: number;
  memberships: number;
  systems: number;
  services: number;
  /** APIs, Resources and Domains. */
  entries: number;
  declaredEdges: number;
  removed: { services: number; declaredEdges: number; memberships: number; entries: number };
}

/** An API definition as stored: the text when Plumbline has it, and where it came from. */
export interface TStoredDefinition {
  text: string | null;
  source: { kind: "inline" | "file" | "remote"; location?: string; note?: string };
}

/** The counts, and what happened to each row written, by `catalogRowKey` (a Map: not part of the JSON answer). */
export type TApplyResult = TApplyCounts & { rowStatuses: Map<string, DocumentWriteStatus> };

/** New row, or the same facts read back before and after the write compared (both as the database returns them). */
function writeStatus(before: unknown, after: unknown): DocumentWriteStatus {
  if (before === undefined) return "imported";
  return JSON.stringify(before) === JSON.stringify(after) ? "unchanged" : "updated";
}

const TEAM_FACTS = {
  id: true,
  slug: true,
  name: true,
  description: true,
  email: true,
  slackChannel: true,
  slackDmApprovers: true,
  parentSlug: true,
  personEmail: true,
  source: true,
} as const;
const PERSON_FACTS = { id: true, email: true, name: true, handle: true, slackUserId: true } as const;
const SYSTEM_FACTS = { id: true, slug: true, name: true, description: true, ownerTeamId: true, domainSlug: true } as const;
const ENTRY_FACTS = {
  id: true,
  kind: true,
  slug: true,
  entityRef: true,
  name: true,
  description: true,
  type: true,
  lifecycle: true,
  ownerTeamId: true,
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
  catalogOrigin: true,
} as const;
const SERVICE_FACTS = {
  id: true,
  slug: true,
  name: true,
  description: true,
  tier: true,
  lifecycle: true,
  type: true,
  repoUrl: true,
  runbookUrl: true,
  slackChannel: true,
  ownerTeamId: true,
  systemId: true,
  links: true,
  tags: true,
  annotations: true,
  provenance: true,
  warnings: true,
  resourceRefs: true,
  subcomponentOfRef: true,
  source: true,
  catalogOrigin: true,
} as const;

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
  options: {
    prune: boolean;
    origin: string;
    warningsByService: Map<string, TServiceWarning[]>;
    /** API definitions as resolved by the importer (local `$text` files read), by API slug. */
    definitions?: Map<string, TStoredDefinition>;
  },
): Promise<TApplyResult> {
  return getPrisma().$transaction(
    async (tx) => {
      // Existing rows first, so references to teams and services declared elsewhere resolve,
      // and so each write can say whether it changed anything.
      const existingTeams = await tx.team.findMany({ where: { organizationId }, select: TEAM_FACTS });
      const existingServices = await tx.service.findMany({ where: { organizationId }, select: SERVICE_FACTS });
      const existingPeople = new Map(
        (await tx.person.findMany({ where: { organizationId }, select: PERSON_FACTS })).map((p) => [p.email, p]),
      );
      const existingSystems = new Map(
        (await tx.system.findMany({ where: { organizationId }, select: SYSTEM_FACTS })).map((s) => [s.slug, s]),
      );
      const existingMemberships = await tx.teamMembership.findMany({ where: { organizationId, source: "catalog" }, select: { teamId: true, personId: true, role: true } });
      const existingEdges = await tx.edge.findMany({
        where: { organizationId, source: "declared", goneAt: null },
        select: { key: true, callerId: true },
      });
      const knownTeamIds = new Map(existingTeams.map((t) => [t.slug, t.id]));
      const knownServiceIds = new Map(existingServices.map((s) => [s.slug, s.id]));
      const existingTeamFacts = new Map(existingTeams.map((t) => [t.slug, t]));
      const existingServiceFacts = new Map(existingServices.map((s) => [s.slug, s]));
      const rowStatuses = new Map<string, DocumentWriteStatus>();
      const teamIds = new Map<string, string>();
      for (const team of snapshot.teams) {
        const data = {
          name: team.name,
          description: team.description,
          email: team.email,
          slackChannel: team.slackChannel,
          slackDmApprovers: team.slackDmApprovers ?? false,
          parentSlug: team.parentSlug,
          personEmail: team.personEmail ?? null,
          source: "catalog" as const,
        };
        const row = await tx.team.upsert({
          where: { organizationId_slug: { organizationId, slug: team.slug } },
          create: { organizationId, slug: team.slug, ...data },
          update: data,
          select: TEAM_FACTS,
        });
        teamIds.set(team.slug, row.id);
        rowStatuses.set(catalogRowKey("team", team.slug), writeStatus(existingTeamFacts.get(team.slug), row));
      }

      const personIds = new Map<string, string>();
      for (const person of snapshot.people) {
        const email = person.email.toLowerCase();
        const row = await tx.person.upsert({
          where: { organizationId_email: { organizationId, email } },
          create: { organizationId, email, name: person.name, handle: person.handle, slackUserId: person.slackUserId },
          // A Slack id learned at run time (users.lookupByEmail) is kept when the catalog has none.
          update: { name: person.name, handle: person.handle, ...(person.slackUserId ? { slackUserId: person.slackUserId } : {}) },
          select: PERSON_FACTS,
        });
        personIds.set(email, row.id);
        rowStatuses.set(catalogRowKey("person", email), writeStatus(existingPeople.get(email), row));
      }

      const keptMemberships: string[] = [];
      const declaredMembers: { teamId: string; personId: string; role: string }[] = [];
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
        declaredMembers.push({ teamId, personId, role: membership.role });
      }
      // A team whose members (or their roles) changed is updated, even when its own row is not.
      const membersOf = (rows: readonly { teamId: string; personId: string; role: string }[], teamId: string) =>
        rows
          .filter((row) => row.teamId === teamId)
          .map((row) => `${row.personId}:${row.role}`)
          .sort()
          .join(",");
      for (const team of snapshot.teams) {
        const key = catalogRowKey("team", team.slug);
        const teamId = teamIds.get(team.slug);
        if (rowStatuses.get(key) !== "unchanged" || teamId === undefined) continue;
        if (membersOf(existingMemberships, teamId) !== membersOf(declaredMembers, teamId)) rowStatuses.set(key, "updated");
      }

      const systemIds = new Map<string, string>();
      for (const system of snapshot.systems) {
        const data = {
          name: system.name,
          description: system.description,
          ownerTeamId: system.ownerTeamSlug
            ? (teamIds.get(system.ownerTeamSlug) ?? knownTeamIds.get(system.ownerTeamSlug) ?? null)
            : null,
          domainSlug: system.domainSlug ?? null,
        };
        const row = await tx.system.upsert({
          where: { organizationId_slug: { organizationId, slug: system.slug } },
          create: { organizationId, slug: system.slug, ...data },
          update: data,
          select: SYSTEM_FACTS,
        });
        systemIds.set(system.slug, row.id);
        rowStatuses.set(catalogRowKey("system", system.slug), writeStatus(existingSystems.get(system.slug), row));
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
        const relations = {
          owner: service.ownerTeamSlug,
          system: service.systemSlug,
          resources: service.resourceRefs && service.resourceRefs.length > 0 ? service.resourceRefs.join(", ") : null,
          subcomponentOf: service.subcomponentOfRef ?? null,
        };
        for (const [field, value] of Object.entries({ ...declared, ...relations })) {
          if (value !== null && value !== undefined) {
            provenance[field] = { source: "catalog", origin: options.origin, ...observedPart(existing?.provenance, field, value) };
          }
        }
        // An owner Group that does not exist: kept as written, so the page shows an unknown owner, not "no owner".
        if (service.unresolvedOwnerRef !== undefined) {
          provenance["owner"] = { source: "catalog", origin: options.origin, unresolvedRef: service.unresolvedOwnerRef };
        }
        const ownerTeamSlug = service.ownerTeamSlug;
        const data = {
          ...declared,
          ownerTeamId: ownerTeamSlug === null ? null : (teamIds.get(ownerTeamSlug) ?? knownTeamIds.get(ownerTeamSlug) ?? null),
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
          resourceRefs: service.resourceRefs ?? [],
          subcomponentOfRef: service.subcomponentOfRef ?? null,
          source: "catalog" as const,
          catalogOrigin: options.origin,
        };
        const row = await tx.service.upsert({
          where: { organizationId_slug: { organizationId, slug: service.slug } },
          create: { organizationId, slug: service.slug, ...data },
          update: data,
          select: SERVICE_FACTS,
        });
        serviceIds.set(service.slug, row.id);
        rowStatuses.set(catalogRowKey("service", service.slug), writeStatus(existing, row));
      }

      const existingEntries = new Map(
        (await tx.catalogEntry.findMany({ where: { organizationId }, select: ENTRY_FACTS })).map((e) => [`${e.kind}:${e.slug}`, e]),
      );
      const keptEntryIds: string[] = [];
      for (const entry of snapshot.entries) {
        const definition = entry.definition === null ? null : (options.definitions?.get(entry.slug) ?? storedDefinition(entry.definition));
        const data = {
          entityRef: entry.entityRef,
          name: entry.name,
          description: entry.description,
          type: entry.type,
          lifecycle: entry.lifecycle,
          ownerTeamId: entry.ownerTeamSlug === null ? null : (teamIds.get(entry.ownerTeamSlug) ?? knownTeamIds.get(entry.ownerTeamSlug) ?? null),
          unresolvedOwnerRef: entry.unresolvedOwnerRef,
          systemSlug: entry.systemSlug,
          domainSlug: entry.domainSlug,
          dependsOnRefs: entry.dependsOnRefs,
          providerServiceSlugs: entry.providerServiceSlugs,
          consumerServiceSlugs: entry.consumerServiceSlugs,
          definition: definition?.text ?? null,
          definitionSource: definition === null ? Prisma.DbNull : (definition.source as Prisma.InputJsonValue),
          links: entry.links as unknown as Prisma.InputJsonValue,
          tags: entry.tags,
          annotations: entry.annotations as Prisma.InputJsonValue,
          catalogOrigin: options.origin,
        };
        const row = await tx.catalogEntry.upsert({
          where: { organizationId_kind_slug: { organizationId, kind: entry.kind, slug: entry.slug } },
          create: { organizationId, kind: entry.kind, slug: entry.slug, ...data },
          update: data,
          select: ENTRY_FACTS,
        });
        keptEntryIds.push(row.id);
        rowStatuses.set(catalogRowKey(entry.kind, entry.slug), writeStatus(existingEntries.get(`${entry.kind}:${entry.slug}`), row));
      }

      const keptEdgeKeys: string[] = [];
      const keptEdgeRows: { key: string; callerId: string }[] = [];
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
        keptEdgeRows.push({ key, callerId });
      }

      // A component whose declared dependencies changed is updated, even when its own row is not.
      const edgesOf = (rows: readonly { key: string; callerId: string | null }[], callerId: string) =>
        rows
          .filter((row) => row.callerId === callerId)
          .map((row) => row.key)
          .sort()
          .join(",");
      const keptEdges = keptEdgeRows;
      for (const [slug, id] of serviceIds) {
        const key = catalogRowKey("service", slug);
        if (rowStatuses.get(key) === "unchanged" && edgesOf(existingEdges, id) !== edgesOf(keptEdges, id)) rowStatuses.set(key, "updated");
      }

      const removed = { services: 0, declaredEdges: 0, memberships: 0, entries: 0 };
      if (options.prune) {
        removed.entries = (
          await tx.catalogEntry.deleteMany({ where: { organizationId, catalogOrigin: options.origin, id: { notIn: keptEntryIds } } })
        ).count;
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
        entries: keptEntryIds.length,
        declaredEdges: keptEdgeKeys.length,
        removed,
        rowStatuses,
      };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

/** A definition the importer did not resolve: inline text as is; a file or URL named, without text. */
function storedDefinition(definition: ApiDefinitionSource): TStoredDefinition {
  if (definition.kind === "inline") return { text: definition.text, source: { kind: "inline" } };
  if (definition.kind === "remote") return { text: null, source: { kind: "remote", location: definition.url, note: "remote definitions are listed, not fetched" } };
  return { text: null, source: { kind: "file", location: definition.path, note: "file not read in this import" } };
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
