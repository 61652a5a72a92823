import { randomUUID } from "node:crypto";
import { canonicalJson } from "@/domain/gate/canonical-json.ts";
import { chunksOf, yieldBetweenChunks } from "@/server/db/bulk-chunks.ts";
import { getPrisma } from "@/server/db/client.ts";
import { Prisma } from "@/server/db/generated/client.ts";
import { edgeKey } from "@/domain/graph/edge-key.ts";
import type { ApiDefinitionSource, CatalogSnapshot } from "@/domain/catalog/catalog-types.ts";
import type { DocumentWriteStatus } from "@/domain/catalog/account-import.ts";
import { catalogRowKey } from "@/domain/catalog/build-catalog-snapshot.ts";
import type { TServiceWarning } from "./catalog.schemas.ts";
import { insertDeclaredServices, updateDeclaredServices, type TDeclaredServiceWrite } from "./catalog-bulk-write.repository.ts";
import { settleDependentCounts } from "./catalog-dependent-counts.repository.ts";

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

/** Rows compared in memory between two turns of the event loop (a 10,000-service import is a few seconds of comparing). */
const COMPARE_ROWS_BETWEEN_YIELDS = 1_000;

/**
 * Declared edges per insert or read. Each new edge costs three foreign-key checks and four
 * index entries: 2,500 is ~0.3 s of the embedded database on a quiet machine, which holds
 * the one thread it shares with every request (server/db/bulk-chunks.ts has the general rule).
 */
const DECLARED_EDGE_ROWS_PER_STATEMENT = 2_500;
const DECLARED_EDGE_ROWS_PER_READ = 20_000;

/** The counts, and what happened to each row written, by `catalogRowKey` (a Map: not part of the JSON answer). */
export type TApplyResult = TApplyCounts & { rowStatuses: Map<string, DocumentWriteStatus> };

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
 *
 * Diff-only and in bulk: everything the organization has is read once, compared with
 * what the snapshot declares, and only the difference is written — new rows in chunked
 * bulk inserts, changed rows one by one, removed rows in bulk deletes — so an unchanged
 * re-import writes nothing. 100,000 edges never make one statement bind more parameters
 * than Postgres allows: Prisma splits the `in` lists and createMany rows, and the raw
 * inserts bind one array per column (server/db/bulk-chunks.ts).
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
  const applied = await getPrisma().$transaction(
    async (tx) => {
      // Existing rows first, so references to teams and services declared elsewhere resolve,
      // and so each row can say whether it changed anything.
      const existingTeams = await tx.team.findMany({ where: { organizationId }, select: TEAM_FACTS });
      const existingServices = await tx.service.findMany({ where: { organizationId }, select: SERVICE_FACTS });
      await yieldBetweenChunks();
      const existingPeople = new Map(
        (await tx.person.findMany({ where: { organizationId }, select: PERSON_FACTS })).map((p) => [p.email, p]),
      );
      const existingSystems = new Map(
        (await tx.system.findMany({ where: { organizationId }, select: SYSTEM_FACTS })).map((s) => [s.slug, s]),
      );
      const allMemberships = await tx.teamMembership.findMany({
        where: { organizationId },
        select: { id: true, teamId: true, personId: true, role: true, source: true, catalogOrigin: true },
      });
      const existingMemberships = allMemberships.filter((m) => m.source === "catalog");
      const declaredEdgeRows = await readDeclaredEdges(tx, organizationId);
      await yieldBetweenChunks();
      const existingEdges = declaredEdgeRows.filter((edge) => edge.goneAt === null);
      const knownTeamIds = new Map(existingTeams.map((t) => [t.slug, t.id]));
      const knownServiceIds = new Map(existingServices.map((s) => [s.slug, s.id]));
      const existingTeamFacts = new Map(existingTeams.map((t) => [t.slug, t]));
      const existingServiceFacts = new Map(existingServices.map((s) => [s.slug, s]));
      const rowStatuses = new Map<string, DocumentWriteStatus>();

      const teamIds = new Map<string, string>();
      const newTeams: Prisma.TeamCreateManyInput[] = [];
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
        const existing = existingTeamFacts.get(team.slug);
        const id = existing?.id ?? randomUUID();
        const status = statusOf(existing, data);
        if (existing === undefined) newTeams.push({ id, organizationId, slug: team.slug, ...data });
        else if (status === "updated") await tx.team.update({ where: { id }, data });
        teamIds.set(team.slug, id);
        rowStatuses.set(catalogRowKey("team", team.slug), status);
      }
      if (newTeams.length > 0) await tx.team.createMany({ data: newTeams });

      const personIds = new Map<string, string>();
      const newPeople: Prisma.PersonCreateManyInput[] = [];
      for (const person of snapshot.people) {
        const email = person.email.toLowerCase();
        // A Slack id learned at run time (users.lookupByEmail) is kept when the catalog has none.
        const data = { name: person.name, handle: person.handle, ...(person.slackUserId ? { slackUserId: person.slackUserId } : {}) };
        const existing = existingPeople.get(email);
        const id = existing?.id ?? randomUUID();
        const status = statusOf(existing, data);
        if (existing === undefined) newPeople.push({ id, organizationId, email, name: person.name, handle: person.handle, slackUserId: person.slackUserId });
        else if (status === "updated") await tx.person.update({ where: { id }, data });
        personIds.set(email, id);
        rowStatuses.set(catalogRowKey("person", email), status);
      }
      if (newPeople.length > 0) await tx.person.createMany({ data: newPeople });

      const membershipByPair = new Map(allMemberships.map((m) => [`${m.teamId}/${m.personId}`, m]));
      const keptMemberships = new Set<string>();
      const declaredMembers: { teamId: string; personId: string; role: string }[] = [];
      const newMemberships: Prisma.TeamMembershipCreateManyInput[] = [];
      for (const membership of snapshot.memberships) {
        const teamId = teamIds.get(membership.teamSlug) ?? knownTeamIds.get(membership.teamSlug);
        const personId = personIds.get(membership.personEmail.toLowerCase());
        if (!teamId || !personId) continue;
        const existing = membershipByPair.get(`${teamId}/${personId}`);
        const id = existing?.id ?? randomUUID();
        if (existing === undefined) {
          const row = { id, organizationId, teamId, personId, role: membership.role, source: "catalog" as const, catalogOrigin: options.origin };
          newMemberships.push(row);
          membershipByPair.set(`${teamId}/${personId}`, row);
        } else if (existing.role !== membership.role || existing.catalogOrigin !== options.origin) {
          await tx.teamMembership.update({ where: { id }, data: { role: membership.role, catalogOrigin: options.origin } });
        }
        keptMemberships.add(id);
        declaredMembers.push({ teamId, personId, role: membership.role });
      }
      if (newMemberships.length > 0) await tx.teamMembership.createMany({ data: newMemberships });
      // A team whose members (or their roles) changed is updated, even when its own row is not.
      const membersBefore = groupSorted(existingMemberships, (m) => m.teamId, (m) => `${m.personId}:${m.role}`);
      const membersAfter = groupSorted(declaredMembers, (m) => m.teamId, (m) => `${m.personId}:${m.role}`);
      for (const team of snapshot.teams) {
        const key = catalogRowKey("team", team.slug);
        const teamId = teamIds.get(team.slug);
        if (rowStatuses.get(key) !== "unchanged" || teamId === undefined) continue;
        if ((membersBefore.get(teamId) ?? "") !== (membersAfter.get(teamId) ?? "")) rowStatuses.set(key, "updated");
      }

      const systemIds = new Map<string, string>();
      const newSystems: Prisma.SystemCreateManyInput[] = [];
      for (const system of snapshot.systems) {
        const data = {
          name: system.name,
          description: system.description,
          ownerTeamId: system.ownerTeamSlug
            ? (teamIds.get(system.ownerTeamSlug) ?? knownTeamIds.get(system.ownerTeamSlug) ?? null)
            : null,
          domainSlug: system.domainSlug ?? null,
        };
        const existing = existingSystems.get(system.slug);
        const id = existing?.id ?? randomUUID();
        const status = statusOf(existing, data);
        if (existing === undefined) newSystems.push({ id, organizationId, slug: system.slug, ...data });
        else if (status === "updated") await tx.system.update({ where: { id }, data });
        systemIds.set(system.slug, id);
        rowStatuses.set(catalogRowKey("system", system.slug), status);
      }
      if (newSystems.length > 0) await tx.system.createMany({ data: newSystems });

      const serviceIds = new Map<string, string>();
      const newServices: (TDeclaredServiceWrite & { slug: string })[] = [];
      const changedServices: TDeclaredServiceWrite[] = [];
      const ownerChanges: TOwnerChange[] = [];
      for (const [index, service] of snapshot.services.entries()) {
        const existing = existingServiceFacts.get(service.slug);
        const data = declaredServiceData(service, existing, {
          origin: options.origin,
          warnings: options.warningsByService.get(service.slug) ?? [],
          teamId: (slug) => teamIds.get(slug) ?? knownTeamIds.get(slug) ?? null,
          systemId: (slug) => systemIds.get(slug) ?? null,
        });
        const id = existing?.id ?? randomUUID();
        const status = statusOf(existing, data);
        if (existing === undefined) newServices.push({ id, slug: service.slug, ...data });
        else if (status === "updated") changedServices.push({ id, ...data });
        if (existing !== undefined && existing.ownerTeamId !== data.ownerTeamId) ownerChanges.push({ serviceId: id, slug: service.slug, from: existing.ownerTeamId, to: data.ownerTeamId });
        serviceIds.set(service.slug, id);
        rowStatuses.set(catalogRowKey("service", service.slug), status);
        if (index % COMPARE_ROWS_BETWEEN_YIELDS === COMPARE_ROWS_BETWEEN_YIELDS - 1) await yieldBetweenChunks();
      }
      await insertDeclaredServices(tx, organizationId, newServices);
      await updateDeclaredServices(tx, organizationId, changedServices);
      await recordOwnerChanges(tx, organizationId, ownerChanges, [...knownTeamIds, ...teamIds]);

      const existingEntries = new Map(
        (await tx.catalogEntry.findMany({ where: { organizationId }, select: ENTRY_FACTS })).map((e) => [`${e.kind}:${e.slug}`, e]),
      );
      const keptEntryIds = new Set<string>();
      const newEntries: Prisma.CatalogEntryCreateManyInput[] = [];
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
          links: entry.links as unknown as Prisma.InputJsonValue,
          tags: entry.tags,
          annotations: entry.annotations as Prisma.InputJsonValue,
          catalogOrigin: options.origin,
        };
        const definitionSource = definition === null ? null : (definition.source as Prisma.InputJsonValue);
        const existing = existingEntries.get(`${entry.kind}:${entry.slug}`);
        // Compared as stored (a JSON null column reads back as null); written with Prisma's DbNull.
        const status = statusOf(existing, { ...data, definitionSource });
        const write = { ...data, definitionSource: definitionSource ?? Prisma.DbNull };
        const id = existing?.id ?? randomUUID();
        if (existing === undefined) newEntries.push({ id, organizationId, kind: entry.kind, slug: entry.slug, ...write });
        else if (status === "updated") await tx.catalogEntry.update({ where: { id }, data: write });
        keptEntryIds.add(id);
        rowStatuses.set(catalogRowKey(entry.kind, entry.slug), status);
      }
      if (newEntries.length > 0) await tx.catalogEntry.createMany({ data: newEntries });

      const declaredByKey = new Map(declaredEdgeRows.map((edge) => [edge.key, edge]));
      const keptEdgeKeys = new Set<string>();
      const keptEdgeRows: { key: string; callerId: string }[] = [];
      const edgeInserts: TDeclaredEdgeWrite[] = [];
      const edgeUpdates: TDeclaredEdgeWrite[] = [];
      let declaredEdgeCount = 0;
      for (const [index, edge] of snapshot.declaredEdges.entries()) {
        if (index % (COMPARE_ROWS_BETWEEN_YIELDS * 10) === 0) await yieldBetweenChunks();
        const callerId = serviceIds.get(edge.callerSlug) ?? knownServiceIds.get(edge.callerSlug);
        const calleeId = serviceIds.get(edge.calleeSlug) ?? knownServiceIds.get(edge.calleeSlug);
        if (!callerId || !calleeId) continue;
        const key = edgeKey("declared", edge.callerSlug, edge.calleeSlug);
        declaredEdgeCount += 1;
        // The same dependency declared twice (dependsOn and through a consumed API) is one edge.
        if (keptEdgeKeys.has(key)) continue;
        const existing = declaredByKey.get(key);
        if (existing === undefined) edgeInserts.push({ id: randomUUID(), key, callerId, calleeId });
        else if (existing.callerId !== callerId || existing.calleeId !== calleeId || existing.goneAt !== null || existing.catalogOrigin !== options.origin) {
          edgeUpdates.push({ id: existing.id, key, callerId, calleeId });
        }
        keptEdgeKeys.add(key);
        keptEdgeRows.push({ key, callerId });
      }
      await insertDeclaredEdges(tx, organizationId, options.origin, edgeInserts);
      await reviveDeclaredEdges(tx, organizationId, options.origin, edgeUpdates);

      // A component whose declared dependencies changed is updated, even when its own row is not.
      const edgesBefore = groupSorted(existingEdges, (e) => e.callerId ?? "", (e) => e.key);
      const edgesAfter = groupSorted(keptEdgeRows, (e) => e.callerId, (e) => e.key);
      for (const [slug, id] of serviceIds) {
        const key = catalogRowKey("service", slug);
        if (rowStatuses.get(key) === "unchanged" && (edgesBefore.get(id) ?? "") !== (edgesAfter.get(id) ?? "")) rowStatuses.set(key, "updated");
      }

      await yieldBetweenChunks();
      const removed = { services: 0, declaredEdges: 0, memberships: 0, entries: 0 };
      if (options.prune) {
        const goneEntryIds = [...existingEntries.values()].filter((e) => e.catalogOrigin === options.origin && !keptEntryIds.has(e.id)).map((e) => e.id);
        if (goneEntryIds.length > 0) removed.entries = (await tx.catalogEntry.deleteMany({ where: { organizationId, id: { in: goneEntryIds } } })).count;
        const goneEdgeIds = declaredEdgeRows.filter((e) => e.catalogOrigin === options.origin && !keptEdgeKeys.has(e.key)).map((e) => e.id);
        if (goneEdgeIds.length > 0) removed.declaredEdges = (await tx.edge.deleteMany({ where: { organizationId, id: { in: goneEdgeIds } } })).count;
        const goneMembershipIds = allMemberships.filter((m) => m.catalogOrigin === options.origin && !keptMemberships.has(m.id)).map((m) => m.id);
        if (goneMembershipIds.length > 0) removed.memberships = (await tx.teamMembership.deleteMany({ where: { organizationId, id: { in: goneMembershipIds } } })).count;
        // A service that still runs somewhere stays (Kubernetes observes it); only a
        // purely declared one disappears with its catalog entry.
        const goneServiceIds = existingServices
          .filter((s) => s.source === "catalog" && s.catalogOrigin === options.origin && !serviceIds.has(s.slug))
          .map((s) => s.id);
        if (goneServiceIds.length > 0) {
          removed.services = (
            await tx.service.deleteMany({ where: { organizationId, id: { in: goneServiceIds }, workloads: { none: { deletedAt: null } } } })
          ).count;
        }
      }

      return {
        teams: teamIds.size,
        people: personIds.size,
        memberships: keptMemberships.size,
        systems: systemIds.size,
        services: serviceIds.size,
        entries: keptEntryIds.size,
        declaredEdges: declaredEdgeCount,
        removed,
        rowStatuses,
      };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  // Declared edges written in bulk left the dependents counts to one recount, once committed.
  await settleDependentCounts(organizationId);
  return applied;
}

type TTx = Prisma.TransactionClient;
interface TDeclaredEdgeWrite {
  id: string;
  key: string;
  callerId: string;
  calleeId: string;
}

/** Every declared edge of the organization, in pages along its (organizationId, key) index: one statement would hold the embedded database for seconds. */
async function readDeclaredEdges(tx: TTx, organizationId: string) {
  const select = { id: true, key: true, callerId: true, calleeId: true, goneAt: true, catalogOrigin: true } as const;
  const rows: Prisma.EdgeGetPayload<{ select: typeof select }>[] = [];
  for (let after: string | null = null; ; ) {
    const page: typeof rows = await tx.edge.findMany({
      where: { organizationId, source: "declared", ...(after === null ? {} : { key: { gt: after } }) },
      select,
      orderBy: { key: "asc" },
      take: DECLARED_EDGE_ROWS_PER_READ,
    });
    rows.push(...page);
    if (page.length < DECLARED_EDGE_ROWS_PER_READ) return rows;
    after = page[page.length - 1]?.key ?? null;
    await yieldBetweenChunks();
  }
}

/** New declared edges through `unnest()`: one statement per chunk binds six parameters whatever its size. */
async function insertDeclaredEdges(tx: TTx, organizationId: string, origin: string, edges: readonly TDeclaredEdgeWrite[]): Promise<void> {
  for (const chunk of chunksOf(edges, DECLARED_EDGE_ROWS_PER_STATEMENT)) {
    await yieldBetweenChunks();
    await tx.$executeRaw`
      INSERT INTO "Edge" ("id", "organizationId", "key", "callerId", "calleeId", "source", "catalogOrigin", "createdAt", "updatedAt")
      SELECT t.id, ${organizationId}, t.key, t.caller_id, t.callee_id, 'declared'::"EdgeSource", ${origin}, now(), now()
      FROM unnest(${chunk.map((e) => e.id)}::text[], ${chunk.map((e) => e.key)}::text[], ${chunk.map((e) => e.callerId)}::text[],
                  ${chunk.map((e) => e.calleeId)}::text[]) AS t(id, key, caller_id, callee_id)
      ON CONFLICT ("organizationId", "key") DO UPDATE SET
        "callerId" = EXCLUDED."callerId", "calleeId" = EXCLUDED."calleeId", "goneAt" = NULL,
        "catalogOrigin" = EXCLUDED."catalogOrigin", "updatedAt" = EXCLUDED."updatedAt"`;
  }
}

/** Declared edges this origin now declares that were gone, another origin's, or pointed elsewhere. */
async function reviveDeclaredEdges(tx: TTx, organizationId: string, origin: string, edges: readonly TDeclaredEdgeWrite[]): Promise<void> {
  for (const chunk of chunksOf(edges, DECLARED_EDGE_ROWS_PER_STATEMENT)) {
    await tx.$executeRaw`
      UPDATE "Edge" AS e SET "callerId" = t.caller_id, "calleeId" = t.callee_id, "goneAt" = NULL, "catalogOrigin" = ${origin}, "updatedAt" = now()
      FROM unnest(${chunk.map((e) => e.id)}::text[], ${chunk.map((e) => e.callerId)}::text[], ${chunk.map((e) => e.calleeId)}::text[])
        AS t(id, caller_id, callee_id)
      WHERE e."organizationId" = ${organizationId} AND e."id" = t.id`;
  }
}

interface TOwnerChange {
  serviceId: string;
  slug: string;
  from: string | null;
  to: string | null;
}

/**
 * An ownership change is history (the service's feed and its followers' digests show it):
 * one event per change, keyed by the service, the new owner and the time, written with the
 * import, all of an import's in bulk.
 */
async function recordOwnerChanges(tx: TTx, organizationId: string, changes: readonly TOwnerChange[], teams: [string, string][]): Promise<void> {
  if (changes.length === 0) return;
  const slugById = new Map(teams.map(([slug, id]) => [id, slug]));
  const slugOf = (id: string | null) => (id === null ? "no team" : (slugById.get(id) ?? "an unknown team"));
  const at = new Date();
  const rows = changes.map((change) => ({
    organizationId,
    serviceId: change.serviceId,
    type: "owner_changed",
    title: `${change.slug}: owner changed from ${slugOf(change.from)} to ${slugOf(change.to)}`,
    details: { from: slugOf(change.from), to: slugOf(change.to) },
    source: "catalog" as const,
    dedupeKey: `owner:${change.serviceId}:${change.to ?? "none"}:${at.toISOString()}`,
    occurredAt: at,
  }));
  await tx.changeEvent.createMany({ data: rows });
}

/** The columns one declared component writes: its facts, provenance per field, and the catalog's warnings. */
function declaredServiceData(
  service: CatalogSnapshot["services"][number],
  existing: { provenance: Prisma.JsonValue; warnings: Prisma.JsonValue } | undefined,
  context: { origin: string; warnings: TServiceWarning[]; teamId: (slug: string) => string | null; systemId: (slug: string) => string | null },
) {
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
      provenance[field] = { source: "catalog", origin: context.origin, ...observedPart(existing?.provenance, field, value) };
    }
  }
  // An owner Group that does not exist: kept as written, so the page shows an unknown owner, not "no owner".
  if (service.unresolvedOwnerRef !== undefined) {
    provenance["owner"] = { source: "catalog", origin: context.origin, unresolvedRef: service.unresolvedOwnerRef };
  }
  return {
    ...declared,
    ownerTeamId: service.ownerTeamSlug === null ? null : context.teamId(service.ownerTeamSlug),
    systemId: service.systemSlug ? context.systemId(service.systemSlug) : null,
    links: service.links as unknown as Prisma.InputJsonValue,
    tags: service.tags,
    annotations: service.annotations as Prisma.InputJsonValue,
    provenance: provenance as Prisma.InputJsonValue,
    // The catalog replaces its own warnings only; other sources' (Kubernetes discovery) stay.
    warnings: [...otherSourcesWarnings(existing?.warnings), ...context.warnings] as unknown as Prisma.InputJsonValue,
    resourceRefs: service.resourceRefs ?? [],
    subcomponentOfRef: service.subcomponentOfRef ?? null,
    source: "catalog" as const,
    catalogOrigin: context.origin,
  };
}

/**
 * Whether writing `data` would change the stored row: each written field compared with
 * the stored one as JSON with sorted keys (jsonb keeps its own key order). `undefined`
 * leaves a field as it is, as in a Prisma update.
 */
function differs(existing: object, data: object): boolean {
  const stored = existing as Record<string, unknown>;
  return Object.entries(data).some(([field, value]) => value !== undefined && canonicalJson(stored[field]) !== canonicalJson(value));
}

function statusOf(existing: object | undefined, data: object): DocumentWriteStatus {
  if (existing === undefined) return "imported";
  return differs(existing, data) ? "updated" : "unchanged";
}

/** Per group, the sorted members joined: two lists compare per group in linear time. */
function groupSorted<T>(rows: readonly T[], group: (row: T) => string, member: (row: T) => string): Map<string, string> {
  const lists = new Map<string, string[]>();
  for (const row of rows) {
    const list = lists.get(group(row)) ?? [];
    list.push(member(row));
    lists.set(group(row), list);
  }
  return new Map([...lists].map(([key, list]) => [key, list.sort().join(",")]));
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
