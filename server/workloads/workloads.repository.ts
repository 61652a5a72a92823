import { chunksOf, unsplitInListChunks, yieldBetweenChunks } from "@/server/db/bulk-chunks.ts";
import { getPrisma } from "@/server/db/client.ts";
import { Prisma } from "@/server/db/generated/client.ts";
import type { FactProvenanceEntry, ServiceFactWarning } from "@/domain/kubernetes/apply-observed-service-facts.ts";

// The only Prisma access of Kubernetes discovery and the workload pages. Every function
// takes the organization first and filters by it.

type TTransaction = Prisma.TransactionClient;

/** Rows per jsonb_to_recordset write: one JSON parameter whatever the count, so this bounds each statement's time, not its parameters. */
const WRITE_CHUNK = 500;

export type TClusterSyncState = "never" | "syncing" | "ok" | "error";

export interface TClusterRow {
  id: string;
  name: string;
  environment: string;
  syncState: TClusterSyncState;
  lastSyncAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  liveWorkloadCount: number;
}

export interface TWorkloadRow {
  id: string;
  serviceId: string | null;
  namespace: string;
  kind: string;
  name: string;
  uid: string | null;
  generation: number | null;
  images: string[];
  replicasDesired: number | null;
  replicasReady: number | null;
  revision: string | null;
  rolloutState: string | null;
  resourceVersion: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  serviceAccountName: string | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
  deletedAt: Date | null;
}

/** What discovery writes to a workload row (identity columns aside). */
export type TWorkloadWrite = Omit<TWorkloadRow, "id">;

export interface TServiceFactsRow {
  id: string;
  slug: string;
  source: string;
  ownerTeamSlug: string | null;
  tier: number | null;
  repoUrl: string | null;
  runbookUrl: string | null;
  slackChannel: string | null;
  provenance: Record<string, FactProvenanceEntry>;
  warnings: ServiceFactWarning[];
  noWorkloadsSince: Date | null;
}

export interface TServiceFactsWrite {
  ownerTeamId: string | null;
  tier: number | null;
  repoUrl: string | null;
  runbookUrl: string | null;
  slackChannel: string | null;
  provenance: Record<string, FactProvenanceEntry>;
  warnings: ServiceFactWarning[];
}

export interface TNewService extends TServiceFactsWrite {
  slug: string;
  name: string;
}

export interface TChangeEventWrite {
  serviceId: string | null;
  type: string;
  title: string;
  details: Record<string, unknown>;
  dedupeKey: string;
  occurredAt: Date;
}

/** Discovery's writes, bound to one organization and one transaction. */
export interface TWorkloadStore {
  findWorkloads(clusterId: string, names: string[]): Promise<TWorkloadRow[]>;
  /** Identity of every live workload of a cluster: cheap enough to compare with a whole cluster's view. */
  findLiveWorkloadKeys(clusterId: string): Promise<{ namespace: string; kind: string; name: string }[]>;
  findServicesBySlug(slugs: string[]): Promise<TServiceFactsRow[]>;
  findServicesById(ids: string[]): Promise<TServiceFactsRow[]>;
  findTeamIds(slugs: string[]): Promise<Map<string, string>>;
  /** Creates teams first named by Kubernetes (name = slug); existing ones are left alone. */
  createObservedTeams(slugs: string[]): Promise<void>;
  /** Creates services first seen in Kubernetes and returns their ids by slug; a slug created meanwhile by someone else is skipped. */
  createObservedServices(services: TNewService[]): Promise<Map<string, string>>;
  updateServiceFacts(updates: { serviceId: string; facts: TServiceFactsWrite }[]): Promise<void>;
  setNoWorkloadsSince(serviceIds: string[], since: Date | null): Promise<void>;
  countLiveWorkloads(serviceIds: string[]): Promise<Map<string, number>>;
  createWorkloads(clusterId: string, rows: TWorkloadWrite[]): Promise<void>;
  updateWorkloads(rows: (TWorkloadWrite & { id: string })[]): Promise<void>;
  /** Marks unchanged workloads as seen now: one statement instead of one per row. */
  touchWorkloads(workloadIds: string[], at: Date): Promise<void>;
  /** Inserts events whose dedupeKey is new in the organization; returns how many were new. */
  insertChangeEvents(events: TChangeEventWrite[]): Promise<number>;
}

/**
 * Runs discovery's writes for one batch in one transaction: rows and their events commit
 * together. An advisory lock per organization serializes these transactions, across
 * clusters and worker processes alike: two clusters running the same service both
 * read-modify-write its provenance and warnings, and neither may lose the other's update.
 */
export function inWorkloadTransaction<T>(organizationId: string, work: (store: TWorkloadStore) => Promise<T>): Promise<T> {
  return getPrisma().$transaction(
    async (tx) => {
      const lockKey = `plumbline.workloads:${organizationId}`;
      // pg_advisory_xact_lock returns void, which the driver adapters cannot read back: select a constant instead.
      await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext(${lockKey}))) AS lock`;
      return work(bindStore(tx, organizationId));
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

const WORKLOAD_SELECT = {
  id: true,
  serviceId: true,
  namespace: true,
  kind: true,
  name: true,
  uid: true,
  generation: true,
  images: true,
  replicasDesired: true,
  replicasReady: true,
  revision: true,
  rolloutState: true,
  resourceVersion: true,
  labels: true,
  annotations: true,
  serviceAccountName: true,
  firstSeenAt: true,
  lastSeenAt: true,
  deletedAt: true,
} as const;

type WorkloadSelected = Prisma.WorkloadGetPayload<{ select: typeof WORKLOAD_SELECT }>;

function toWorkloadRow(row: WorkloadSelected): TWorkloadRow {
  return { ...row, labels: asStringRecord(row.labels), annotations: asStringRecord(row.annotations) };
}

const SERVICE_FACTS_SELECT = {
  id: true,
  slug: true,
  source: true,
  ownerTeam: { select: { slug: true } },
  tier: true,
  repoUrl: true,
  runbookUrl: true,
  slackChannel: true,
  provenance: true,
  warnings: true,
  noWorkloadsSince: true,
} as const;

type ServiceFactsSelected = Prisma.ServiceGetPayload<{ select: typeof SERVICE_FACTS_SELECT }>;

function toServiceFactsRow(row: ServiceFactsSelected): TServiceFactsRow {
  return {
    id: row.id,
    slug: row.slug,
    source: row.source,
    ownerTeamSlug: row.ownerTeam?.slug ?? null,
    tier: row.tier,
    repoUrl: row.repoUrl,
    runbookUrl: row.runbookUrl,
    slackChannel: row.slackChannel,
    provenance: isRecord(row.provenance) ? (row.provenance as unknown as Record<string, FactProvenanceEntry>) : {},
    warnings: Array.isArray(row.warnings) ? (row.warnings as unknown as ServiceFactWarning[]) : [],
    noWorkloadsSince: row.noWorkloadsSince,
  };
}

function factsData(facts: TServiceFactsWrite): TServiceFactsWrite {
  return {
    ownerTeamId: facts.ownerTeamId,
    tier: facts.tier,
    repoUrl: facts.repoUrl,
    runbookUrl: facts.runbookUrl,
    slackChannel: facts.slackChannel,
    provenance: facts.provenance,
    warnings: facts.warnings,
  };
}

/**
 * Bulk writes go through jsonb_to_recordset: one JSON parameter per statement. It is an
 * order of magnitude faster than createMany's thousands of bind parameters on PGlite,
 * and what makes an initial sync of thousands of workloads take seconds.
 */
const WORKLOAD_RECORD_COLUMNS = Prisma.raw(
  `"serviceId" text, "namespace" text, "kind" text, "name" text, "uid" text, "generation" int, "images" text[], "replicasDesired" int, "replicasReady" int, ` +
    `"revision" text, "rolloutState" text, "resourceVersion" text, "labels" jsonb, "annotations" jsonb, "serviceAccountName" text, "firstSeenAt" timestamptz, "lastSeenAt" timestamptz, "deletedAt" timestamptz`,
);

function bindStore(tx: TTransaction, organizationId: string): TWorkloadStore {
  return {
    async findWorkloads(clusterId, names) {
      if (names.length === 0) return [];
      const rows: TWorkloadRow[] = [];
      for (const chunk of chunksOf([...new Set(names)], 5000)) {
        const found = await tx.workload.findMany({ where: { organizationId, clusterId, name: { in: chunk } }, select: WORKLOAD_SELECT });
        rows.push(...found.map(toWorkloadRow));
      }
      return rows;
    },
    async findLiveWorkloadKeys(clusterId) {
      return tx.workload.findMany({ where: { organizationId, clusterId, deletedAt: null }, select: { namespace: true, kind: true, name: true } });
    },
    async findServicesBySlug(slugs) {
      if (slugs.length === 0) return [];
      const rows = await tx.service.findMany({ where: { organizationId, slug: { in: [...new Set(slugs)] } }, select: SERVICE_FACTS_SELECT });
      return rows.map(toServiceFactsRow);
    },
    async findServicesById(ids) {
      if (ids.length === 0) return [];
      const rows = await tx.service.findMany({ where: { organizationId, id: { in: [...new Set(ids)] } }, select: SERVICE_FACTS_SELECT });
      return rows.map(toServiceFactsRow);
    },
    async findTeamIds(slugs) {
      if (slugs.length === 0) return new Map();
      const rows = await tx.team.findMany({ where: { organizationId, slug: { in: [...new Set(slugs)] } }, select: { id: true, slug: true } });
      return new Map(rows.map((row) => [row.slug, row.id]));
    },
    async createObservedTeams(slugs) {
      for (const chunk of chunksOf([...new Set(slugs)], WRITE_CHUNK)) {
        await tx.$executeRaw`
          INSERT INTO "Team" ("id", "organizationId", "slug", "name", "source", "updatedAt")
          SELECT gen_random_uuid()::text, ${organizationId}, r.slug, r.slug, 'kubernetes'::"FactSource", now()
          FROM jsonb_array_elements_text(${JSON.stringify(chunk)}::jsonb) AS r(slug)
          ON CONFLICT ("organizationId", "slug") DO NOTHING`;
      }
    },
    async createObservedServices(services) {
      const ids = new Map<string, string>();
      for (const chunk of chunksOf(services, WRITE_CHUNK)) {
        await yieldBetweenChunks();
        const rows = chunk.map((service) => ({ slug: service.slug, name: service.name, ...factsData(service) }));
        const inserted = await tx.$queryRaw<{ id: string; slug: string }[]>`
          INSERT INTO "Service" ("id", "organizationId", "slug", "name", "ownerTeamId", "tier", "repoUrl", "runbookUrl", "slackChannel", "provenance", "warnings", "source", "updatedAt")
          SELECT gen_random_uuid()::text, ${organizationId}, r."slug", r."name", r."ownerTeamId", r."tier", r."repoUrl", r."runbookUrl", r."slackChannel", r."provenance", r."warnings", 'kubernetes'::"FactSource", now()
          FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r("slug" text, "name" text, "ownerTeamId" text, "tier" int, "repoUrl" text, "runbookUrl" text, "slackChannel" text, "provenance" jsonb, "warnings" jsonb)
          ON CONFLICT ("organizationId", "slug") DO NOTHING
          RETURNING "id", "slug"`;
        for (const row of inserted) ids.set(row.slug, row.id);
      }
      return ids;
    },
    async updateServiceFacts(updates) {
      for (const chunk of chunksOf(updates, WRITE_CHUNK)) {
        await yieldBetweenChunks();
        const rows = chunk.map((update) => ({ id: update.serviceId, ...factsData(update.facts) }));
        await tx.$executeRaw`
          UPDATE "Service" AS s SET "ownerTeamId" = r."ownerTeamId", "tier" = r."tier", "repoUrl" = r."repoUrl", "runbookUrl" = r."runbookUrl",
            "slackChannel" = r."slackChannel", "provenance" = r."provenance", "warnings" = r."warnings", "updatedAt" = now()
          FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r("id" text, "ownerTeamId" text, "tier" int, "repoUrl" text, "runbookUrl" text, "slackChannel" text, "provenance" jsonb, "warnings" jsonb)
          WHERE s."id" = r."id" AND s."organizationId" = ${organizationId}`;
      }
    },
    async setNoWorkloadsSince(serviceIds, since) {
      if (serviceIds.length === 0) return;
      await tx.service.updateMany({ where: { organizationId, id: { in: serviceIds } }, data: { noWorkloadsSince: since } });
    },
    async countLiveWorkloads(serviceIds) {
      if (serviceIds.length === 0) return new Map();
      const groups = [];
      // Prisma does not split a groupBy's `in` list: above its cap the statement fails (server/db/bulk-chunks.ts).
      for (const chunk of unsplitInListChunks(serviceIds)) {
        groups.push(
          ...(await tx.workload.groupBy({ by: ["serviceId"], where: { organizationId, serviceId: { in: chunk }, deletedAt: null }, _count: { _all: true } })),
        );
      }
      return new Map(groups.flatMap((group) => (group.serviceId === null ? [] : [[group.serviceId, group._count._all] as const])));
    },
    async createWorkloads(clusterId, rows) {
      for (const chunk of chunksOf(rows, WRITE_CHUNK)) {
        await yieldBetweenChunks();
        await tx.$executeRaw`
          INSERT INTO "Workload" ("id", "organizationId", "clusterId", "serviceId", "namespace", "kind", "name", "uid", "generation", "images", "replicasDesired",
            "replicasReady", "revision", "rolloutState", "resourceVersion", "labels", "annotations", "serviceAccountName", "firstSeenAt", "lastSeenAt", "deletedAt")
          SELECT gen_random_uuid()::text, ${organizationId}, ${clusterId}, r."serviceId", r."namespace", r."kind", r."name", r."uid", r."generation", r."images", r."replicasDesired",
            r."replicasReady", r."revision", r."rolloutState", r."resourceVersion", r."labels", r."annotations", r."serviceAccountName", r."firstSeenAt", r."lastSeenAt", r."deletedAt"
          FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) AS r(${WORKLOAD_RECORD_COLUMNS})`;
      }
    },
    async updateWorkloads(rows) {
      for (const chunk of chunksOf(rows, WRITE_CHUNK)) {
        await yieldBetweenChunks();
        await tx.$executeRaw`
          UPDATE "Workload" AS w SET "serviceId" = r."serviceId", "uid" = r."uid", "generation" = r."generation", "images" = r."images",
            "replicasDesired" = r."replicasDesired", "replicasReady" = r."replicasReady", "revision" = r."revision", "rolloutState" = r."rolloutState",
            "resourceVersion" = r."resourceVersion", "labels" = r."labels", "annotations" = r."annotations", "serviceAccountName" = r."serviceAccountName", "firstSeenAt" = r."firstSeenAt",
            "lastSeenAt" = r."lastSeenAt", "deletedAt" = r."deletedAt"
          FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) AS r("id" text, ${WORKLOAD_RECORD_COLUMNS})
          WHERE w."id" = r."id" AND w."organizationId" = ${organizationId}`;
      }
    },
    async touchWorkloads(workloadIds, at) {
      for (const chunk of chunksOf(workloadIds, 5000)) {
        await tx.workload.updateMany({ where: { organizationId, id: { in: chunk } }, data: { lastSeenAt: at } });
      }
    },
    async insertChangeEvents(events) {
      let inserted = 0;
      for (const chunk of chunksOf(events, WRITE_CHUNK)) {
        await yieldBetweenChunks();
        // ON CONFLICT DO NOTHING on (organizationId, dedupeKey): a restarted worker
        // re-observing the same change writes nothing.
        inserted += await tx.$executeRaw`
          INSERT INTO "ChangeEvent" ("id", "organizationId", "serviceId", "type", "title", "details", "source", "dedupeKey", "occurredAt")
          SELECT gen_random_uuid()::text, ${organizationId}, r."serviceId", r."type", r."title", r."details", 'kubernetes'::"FactSource", r."dedupeKey", r."occurredAt"
          FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) AS r("serviceId" text, "type" text, "title" text, "details" jsonb, "dedupeKey" text, "occurredAt" timestamptz)
          ON CONFLICT ("organizationId", "dedupeKey") DO NOTHING`;
      }
      return inserted;
    },
  };
}

/** Finds or creates the cluster's row; its id keys every workload of the cluster. */
export async function upsertCluster(organizationId: string, name: string): Promise<{ id: string }> {
  return getPrisma().cluster.upsert({
    where: { organizationId_name: { organizationId, name } },
    create: { organizationId, name },
    update: {},
    select: { id: true },
  });
}

/** Fields left undefined keep their stored value (a restarted watcher knows nothing of earlier errors). */
export async function updateClusterState(
  organizationId: string,
  clusterId: string,
  state: { syncState: TClusterSyncState; lastSyncAt?: Date; lastError?: string; lastErrorAt?: Date },
): Promise<void> {
  await getPrisma().cluster.updateMany({ where: { organizationId, id: clusterId }, data: state });
}

export async function findClusters(organizationId: string): Promise<TClusterRow[]> {
  const rows = await getPrisma().cluster.findMany({
    where: { organizationId },
    select: { id: true, name: true, environment: true, syncState: true, lastSyncAt: true, lastError: true, lastErrorAt: true },
    orderBy: { name: "asc" },
  });
  // Counted in this organization only: a relation `_count` groups every organization's workloads.
  const counts = await getPrisma().workload.groupBy({
    by: ["clusterId"],
    where: { organizationId, clusterId: { in: rows.map((row) => row.id) }, deletedAt: null },
    _count: { _all: true },
  });
  const byCluster = new Map(counts.map((group) => [group.clusterId, group._count._all]));
  return rows.map((row) => ({ ...row, liveWorkloadCount: byCluster.get(row.id) ?? 0 }));
}

export interface TServiceWorkloadRow extends TWorkloadRow {
  cluster: { id: string; name: string; environment: string; syncState: TClusterSyncState; lastSyncAt: Date | null; lastError: string | null; lastErrorAt: Date | null };
}

/** A service's workloads: every live one, and the most recently deleted ones. */
export async function findServiceWorkloads(
  organizationId: string,
  slug: string,
  options: { deletedLimit: number },
): Promise<{ service: { id: string; noWorkloadsSince: Date | null }; live: TServiceWorkloadRow[]; deleted: TServiceWorkloadRow[] } | null> {
  const prisma = getPrisma();
  const service = await prisma.service.findUnique({
    where: { organizationId_slug: { organizationId, slug } },
    select: { id: true, noWorkloadsSince: true },
  });
  if (service === null) return null;
  const select = {
    ...WORKLOAD_SELECT,
    cluster: { select: { id: true, name: true, environment: true, syncState: true, lastSyncAt: true, lastError: true, lastErrorAt: true } },
  } as const;
  const [live, deleted] = await Promise.all([
    prisma.workload.findMany({
      where: { organizationId, serviceId: service.id, deletedAt: null },
      select,
      orderBy: [{ namespace: "asc" }, { name: "asc" }],
    }),
    prisma.workload.findMany({
      where: { organizationId, serviceId: service.id, deletedAt: { not: null } },
      select,
      orderBy: { deletedAt: "desc" },
      take: options.deletedLimit,
    }),
  ]);
  const withCluster = (row: (typeof live)[number]): TServiceWorkloadRow => ({ ...toWorkloadRow(row), cluster: row.cluster });
  return { service, live: live.map(withCluster), deleted: deleted.map(withCluster) };
}

/** The newest Kubernetes events of a service, to show each workload's last change. */
export async function findRecentKubernetesEvents(
  organizationId: string,
  serviceId: string,
  limit: number,
): Promise<{ type: string; title: string; details: unknown; occurredAt: Date }[]> {
  return getPrisma().changeEvent.findMany({
    where: { organizationId, serviceId, source: "kubernetes" },
    select: { type: true, title: true, details: true, occurredAt: true },
    orderBy: { occurredAt: "desc" },
    take: limit,
  });
}

/** What the demo cluster builds its workloads from: the catalog's services and what ran before. */
export async function findServicesForDemoCluster(
  organizationId: string,
  clusterName: string,
): Promise<{ slug: string; tier: number | null; ownerTeamSlug: string | null; workloads: TWorkloadRow[] }[]> {
  const rows = await getPrisma().service.findMany({
    where: { organizationId },
    select: {
      slug: true,
      tier: true,
      ownerTeam: { select: { slug: true } },
      workloads: { where: { organizationId, deletedAt: null, cluster: { name: clusterName } }, select: WORKLOAD_SELECT },
    },
    orderBy: { slug: "asc" },
  });
  return rows.map((row) => ({ slug: row.slug, tier: row.tier, ownerTeamSlug: row.ownerTeam?.slug ?? null, workloads: row.workloads.map(toWorkloadRow) }));
}


function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function asStringRecord(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}
