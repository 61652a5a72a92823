import type { TServiceEdge, TServiceWindowCounts } from "@/domain/telemetry/aggregate-mesh-telemetry.ts";
import type { TKnownWorkload, TServiceRef } from "@/domain/telemetry/resolve-workload-service.ts";
import { UNNEST_ROWS_PER_STATEMENT } from "@/server/db/bulk-chunks.ts";
import { bulkWriteLanes } from "@/server/db/bulk-write-lanes.ts";
import { getPrisma } from "@/server/db/client.ts";
import { Prisma } from "@/server/db/generated/client.ts";
import { textArrayLiteral } from "@/server/db/pg-array-literal.ts";
import { sumOverChunks } from "@/server/db/sum-over-chunks.ts";
import { MESH_EDGE_COLUMNS, meshEdgeRows, SERVICE_TELEMETRY_COLUMNS, serviceTelemetryRows } from "./telemetry-new-rows.repository.ts";

// Write side of mesh telemetry. Every statement is scoped by organizationId. Writes go
// through `unnest()` of column arrays: one statement per chunk binds ~10 parameters
// whatever the chunk size (rows × columns placeholders would hit Postgres's 65,535
// limit and cost a parse per row), each array bound as one Postgres array literal
// (server/db/pg-array-literal.ts). Chunks (server/db/bulk-chunks.ts) bound how long one
// statement holds the embedded database, which serves the web pages from the same thread.


/** Services and the workloads Kubernetes discovery mapped to them: what workload → service resolution needs. */
export async function findWorkloadMappingData(organizationId: string): Promise<{ services: TServiceRef[]; workloads: TKnownWorkload[] }> {
  const prisma = getPrisma();
  const [services, workloads] = await Promise.all([
    prisma.service.findMany({ where: { organizationId }, select: { id: true, slug: true } }),
    prisma.workload.findMany({
      where: { organizationId, serviceId: { not: null } },
      select: { namespace: true, name: true, serviceId: true, deletedAt: true, serviceAccountName: true },
      orderBy: { lastSeenAt: "desc" },
    }),
  ]);
  return {
    services,
    workloads: workloads.map((w) => ({
      namespace: w.namespace,
      name: w.name,
      serviceId: w.serviceId,
      isDeleted: w.deletedAt !== null,
      serviceAccountName: w.serviceAccountName,
    })),
  };
}

/** Distinct SLO windows (days) and latency thresholds the organization's SLOs ask for. */
export async function findSloTelemetryNeeds(organizationId: string): Promise<{ windowDays: number[]; latencyThresholdsMs: number[] }> {
  const rows = await getPrisma().slo.findMany({
    where: { organizationId },
    select: { windowDays: true, latencyThresholdMs: true },
    distinct: ["windowDays", "latencyThresholdMs"],
  });
  return {
    windowDays: [...new Set(rows.map((r) => r.windowDays))],
    latencyThresholdsMs: [...new Set(rows.map((r) => r.latencyThresholdMs).filter((t): t is number => t !== null))],
  };
}

/**
 * Whether the organization has any mesh edge and any window count stored, read before a
 * round writes: when it has none (its first round), every row after the round's upserts
 * is one this round reported, and settling the unreported ones would scan them all to
 * find nothing (December 2026: ~0.2 s of Postgres CPU and a serial step at 100,000 edges).
 * Rounds of one organization do not overlap (one periodic slot at a time), so no other
 * round's rows can appear in between.
 */
export async function findStoredMeshRows(organizationId: string): Promise<{ meshEdges: boolean; serviceTelemetry: boolean }> {
  const [row] = await getPrisma().$queryRaw<{ meshEdges: boolean; serviceTelemetry: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM "Edge" WHERE "organizationId" = ${organizationId} AND "source" = 'mesh') AS "meshEdges",
           EXISTS (SELECT 1 FROM "ServiceTelemetry" WHERE "organizationId" = ${organizationId}) AS "serviceTelemetry"`;
  return { meshEdges: row?.meshEdges ?? true, serviceTelemetry: row?.serviceTelemetry ?? true };
}

/**
 * Writes edges seen this round, diff-only: an edge whose values are what is stored (and
 * that is neither gone nor stale) is not rewritten and keeps its `updatedAt`; its
 * `lastSeenAt` is refreshed only once it is older than `lastSeenRefreshBefore` (a
 * heartbeat, so "gone after 10 minutes unseen" still works without rewriting every edge
 * every round). One `INSERT … ON CONFLICT DO UPDATE … WHERE` per chunk: each key is one
 * probe of the (organizationId, key) index, new keys are inserted, and the WHERE leaves
 * unchanged rows unwritten. (An `UPDATE … FROM unnest()` join planned as a hash join over
 * the whole table: one sequential scan of every edge per chunk and statement.)
 */
export async function upsertMeshEdges(
  organizationId: string,
  edges: readonly TServiceEdge[],
  now: Date,
  lastSeenRefreshBefore: Date = now,
): Promise<number> {
  const prisma = getPrisma();
  // Stored vs. this round's values; the key fixes caller and callee, so they are not compared.
  const changed = Prisma.sql`(e."goneAt" IS NOT NULL OR e."staleSince" IS NOT NULL
    OR (e."requestRate", e."successRatio", e."latencyP50Ms", e."latencyP95Ms", e."latencyP99Ms", e."calleeVersions")
       IS DISTINCT FROM (EXCLUDED."requestRate", EXCLUDED."successRatio", EXCLUDED."latencyP50Ms", EXCLUDED."latencyP95Ms", EXCLUDED."latencyP99Ms", EXCLUDED."calleeVersions"))`;
  // Chunks go out on two connections at once on Postgres (they hold different keys, so
  // neither waits on the other's rows); see bulkWriteLanes.
  return sumOverChunks(edges, UNNEST_ROWS_PER_STATEMENT, bulkWriteLanes(), async (chunk) => {
    return prisma.$executeRaw`
      INSERT INTO "Edge" AS e (${MESH_EDGE_COLUMNS})
      ${meshEdgeRows(organizationId, chunk, now)}
      ON CONFLICT ("organizationId", "key") DO UPDATE SET
        "callerId" = EXCLUDED."callerId",
        "calleeId" = EXCLUDED."calleeId",
        "requestRate" = EXCLUDED."requestRate",
        "successRatio" = EXCLUDED."successRatio",
        "latencyP50Ms" = EXCLUDED."latencyP50Ms",
        "latencyP95Ms" = EXCLUDED."latencyP95Ms",
        "latencyP99Ms" = EXCLUDED."latencyP99Ms",
        "calleeVersions" = EXCLUDED."calleeVersions",
        "lastSeenAt" = EXCLUDED."lastSeenAt",
        "goneAt" = NULL,
        "staleSince" = NULL,
        "staleReason" = NULL,
        "updatedAt" = CASE WHEN ${changed} THEN EXCLUDED."updatedAt" ELSE e."updatedAt" END
      WHERE ${changed} OR e."lastSeenAt" IS NULL OR e."lastSeenAt" < ${lastSeenRefreshBefore}::timestamptz`;
  });
}

/**
 * After a successful round: mesh edges the source did not report (`reportedKeys` are the
 * ones it did) carry no traffic now (rate 0, nothing to judge), edges unreported and
 * unseen since `goneBefore` are marked gone (kept, not deleted, so history and "last
 * seen" survive), and no edge is stale any more. Each statement only touches rows whose
 * values change.
 */
export async function settleUnseenMeshEdges(
  organizationId: string,
  now: Date,
  goneBefore: Date,
  reportedKeys: readonly string[],
): Promise<{ quieted: number; gone: number; unstaled: number }> {
  const prisma = getPrisma();
  // One scan finds the edges that need a write: unreported ones to quiet or mark gone
  // (`<> ALL(array)` with the array bound as one parameter: Postgres 15+ and PGlite hash
  // it, one lookup per edge; an anti-join on unnest() planned as a nested loop inside an
  // UPDATE: 100,000 × 100,000 comparisons), and stale ones. Usually none: then nothing
  // else runs. A reported edge is never stale here: the round's upsert rewrote every
  // stale one it named (its "changed" test includes staleness) and cleared it. Until
  // December 2026 the quieting, the marking gone and the unstaling each scanned the
  // organization's edges on their own.
  const reported = textArrayLiteral(reportedKeys);
  // The array is tested once per edge, inside the fenced subquery (`OFFSET 0`): pulled up,
  // the test would be repeated for each use of "unreported", each with its own hash table.
  const unseen = await prisma.$queryRaw<{ id: string; loud: boolean; due: boolean; stale: boolean }[]>`
    SELECT "id",
           ("unreported" AND ("requestRate" IS DISTINCT FROM 0 OR "successRatio" IS NOT NULL)) AS loud,
           ("unreported" AND ("lastSeenAt" IS NULL OR "lastSeenAt" < ${goneBefore}::timestamptz)) AS due,
           "stale"
    FROM (SELECT "id", "requestRate", "successRatio", "lastSeenAt", ("staleSince" IS NOT NULL) AS "stale",
                 ("goneAt" IS NULL AND "key" <> ALL(${reported}::text[])) AS "unreported"
            FROM "Edge" WHERE "organizationId" = ${organizationId} AND "source" = 'mesh' OFFSET 0) AS e
    WHERE "stale"
       OR ("unreported" AND ("requestRate" IS DISTINCT FROM 0 OR "successRatio" IS NOT NULL OR "lastSeenAt" IS NULL OR "lastSeenAt" < ${goneBefore}::timestamptz))`;
  const loud = unseen.filter((edge) => edge.loud).map((edge) => edge.id);
  const due = unseen.filter((edge) => edge.due).map((edge) => edge.id);
  const stale = unseen.filter((edge) => edge.stale).map((edge) => edge.id);
  // By id (the primary key), the conditions checked again: the same rows the set-based
  // statements would have written.
  const quieted =
    loud.length === 0
      ? 0
      : await prisma.$executeRaw`
    UPDATE "Edge" SET "requestRate" = 0, "successRatio" = NULL, "latencyP50Ms" = NULL, "latencyP95Ms" = NULL, "latencyP99Ms" = NULL,
                      "calleeVersions" = NULL, "updatedAt" = ${now}::timestamptz
    WHERE "organizationId" = ${organizationId} AND "id" = ANY(${textArrayLiteral(loud)}::text[]) AND "goneAt" IS NULL
      AND ("requestRate" IS DISTINCT FROM 0 OR "successRatio" IS NOT NULL)`;
  const gone =
    due.length === 0
      ? 0
      : await prisma.$executeRaw`
    UPDATE "Edge" SET "goneAt" = ${now}::timestamptz, "updatedAt" = ${now}::timestamptz
    WHERE "organizationId" = ${organizationId} AND "id" = ANY(${textArrayLiteral(due)}::text[]) AND "goneAt" IS NULL
      AND ("lastSeenAt" IS NULL OR "lastSeenAt" < ${goneBefore}::timestamptz)`;
  const unstaled =
    stale.length === 0
      ? 0
      : await prisma.$executeRaw`
    UPDATE "Edge" SET "staleSince" = NULL, "staleReason" = NULL, "updatedAt" = ${now}::timestamptz
    WHERE "organizationId" = ${organizationId} AND "id" = ANY(${textArrayLiteral(stale)}::text[]) AND "staleSince" IS NOT NULL`;
  return { quieted, gone, unstaled };
}

/** The source failed: active mesh edges keep their values and are marked stale (the first time stays). */
export async function markMeshEdgesStale(organizationId: string, reason: string, now: Date): Promise<number> {
  return getPrisma().$executeRaw`
    UPDATE "Edge" SET "staleSince" = COALESCE("staleSince", ${now}::timestamptz), "staleReason" = ${reason}, "updatedAt" = ${now}::timestamptz
    WHERE "organizationId" = ${organizationId} AND "source" = 'mesh' AND "goneAt" IS NULL`;
}

/**
 * Upserts per-service window counts measured now; staleness cleared. Every row is written
 * each round: `measuredAt` is what tells readers the counts are current (and the counts of
 * a window move as it slides anyway). One `INSERT … ON CONFLICT DO UPDATE` per chunk, as
 * for edges; a conflicting row of another organization is left alone.
 */
export async function upsertServiceTelemetry(organizationId: string, rows: readonly TServiceWindowCounts[], now: Date): Promise<number> {
  const prisma = getPrisma();
  return sumOverChunks(rows, UNNEST_ROWS_PER_STATEMENT, bulkWriteLanes(), async (chunk) => {
    return prisma.$executeRaw`
      INSERT INTO "ServiceTelemetry" AS s (${SERVICE_TELEMETRY_COLUMNS})
      ${serviceTelemetryRows(organizationId, chunk, now)}
      ON CONFLICT ("serviceId", "window") DO UPDATE SET
        "totalEvents" = EXCLUDED."totalEvents",
        "goodEvents" = EXCLUDED."goodEvents",
        "latencyGood" = EXCLUDED."latencyGood",
        "latencyInterpolated" = EXCLUDED."latencyInterpolated",
        "measuredAt" = EXCLUDED."measuredAt",
        "staleSince" = NULL,
        "staleReason" = NULL
      WHERE s."organizationId" = ${organizationId}`;
  });
}

/**
 * After a successful round: rows of windows nobody asks for any more are removed (an SLO
 * window changed), and rows the source did not report this round (measured before now)
 * are marked stale with `reason`, keeping their values: absent is "unknown", not zero.
 *
 * One scan of the organization's rows finds both; usually it finds none, and nothing else
 * runs. (A `DELETE` and an `UPDATE` each scanned all of them every round: 80,000 rows at
 * 10,000 services, 46 and 26–34 ms on an in-memory PGlite; one scan less per round, a
 * small share of the round, docs/adr/011-mesh-ingest-writes.md, "the round on PGlite".)
 */
export async function settleUnreportedServiceTelemetry(
  organizationId: string,
  windows: readonly string[],
  reason: string,
  now: Date,
): Promise<{ removed: number; staled: number }> {
  const prisma = getPrisma();
  const wanted = [...windows];
  const found = await prisma.$queryRaw<{ id: string; unwanted: boolean }[]>`
    SELECT "id", NOT ("window" = ANY(${wanted}::text[])) AS "unwanted" FROM "ServiceTelemetry"
    WHERE "organizationId" = ${organizationId}
      AND (NOT ("window" = ANY(${wanted}::text[]))
           OR ("measuredAt" < ${now}::timestamptz AND ("staleSince" IS NULL OR "staleReason" IS DISTINCT FROM ${reason})))`;
  const unwanted = found.filter((row) => row.unwanted).map((row) => row.id);
  const unreported = found.filter((row) => !row.unwanted).map((row) => row.id);
  // By id (the primary key), the conditions checked again: the same rows the set-based
  // statements would have written.
  const removed =
    unwanted.length === 0
      ? 0
      : await prisma.$executeRaw`
    DELETE FROM "ServiceTelemetry" WHERE "organizationId" = ${organizationId} AND "id" = ANY(${textArrayLiteral(unwanted)}::text[])
      AND NOT ("window" = ANY(${wanted}::text[]))`;
  const staled =
    unreported.length === 0
      ? 0
      : await prisma.$executeRaw`
    UPDATE "ServiceTelemetry" SET "staleSince" = COALESCE("staleSince", ${now}::timestamptz), "staleReason" = ${reason}
    WHERE "organizationId" = ${organizationId} AND "id" = ANY(${textArrayLiteral(unreported)}::text[]) AND "measuredAt" < ${now}::timestamptz
      AND ("staleSince" IS NULL OR "staleReason" IS DISTINCT FROM ${reason})`;
  return { removed, staled };
}

/** The source failed: every row keeps its counts and is marked stale (the first time stays). */
export async function markServiceTelemetryStale(organizationId: string, reason: string, now: Date): Promise<number> {
  return getPrisma().$executeRaw`
    UPDATE "ServiceTelemetry" SET "staleSince" = COALESCE("staleSince", ${now}::timestamptz), "staleReason" = ${reason}
    WHERE "organizationId" = ${organizationId}`;
}
