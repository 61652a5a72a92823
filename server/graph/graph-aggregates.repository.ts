import { OUTSIDE_NODE_ID } from "@/domain/graph/build-service-graph.ts";
import { getPrisma } from "@/server/db/client.ts";
import { Prisma } from "@/server/db/generated/client.ts";
import { defaultEdgeSlicing, readEdgeSlices, type TEdgeSlicing } from "./edge-slices.repository.ts";

// The graph's whole-organization aggregates: its totals and the team-level view. On the
// embedded database each is read a slice of the edge table at a time (edge-slices.repository.ts)
// and added up here, so no statement holds it for a pass over every edge.

/** Whole-organization figures for the graph's legend: services, the busiest call, any stale mesh data (archived services and their calls left out). */
export async function findGraphTotals(
  organizationId: string,
  slicing: TEdgeSlicing = defaultEdgeSlicing(),
): Promise<{ services: number; maxRequestRate: number | null; isStale: boolean }> {
  const prisma = getPrisma();
  const services = await prisma.service.count({ where: { organizationId, archivedAt: null } });
  const slices = await readEdgeSlices(
    "e",
    async (slice) => {
      const rows = await prisma.$queryRaw<{ maxRate: number | null; stale: boolean | null }[]>`
        SELECT max(e."requestRate") AS "maxRate", bool_or(e."staleSince" IS NOT NULL) AS "stale"
          FROM "Edge" e
         WHERE e."organizationId" = ${organizationId} AND e."goneAt" IS NULL ${slice}
           AND NOT EXISTS (SELECT 1 FROM "Service" a WHERE a."organizationId" = ${organizationId} AND a."archivedAt" IS NOT NULL
                             AND a."id" IN (e."callerId", e."calleeId"))`;
      const row = rows[0];
      return { maxRate: row?.maxRate === null || row?.maxRate === undefined ? null : Number(row.maxRate), stale: row?.stale === true };
    },
    slicing,
  );
  const rates = slices.flatMap((slice) => (slice.maxRate === null ? [] : [slice.maxRate]));
  return { services, maxRequestRate: rates.length === 0 ? null : Math.max(...rates), isStale: slices.some((slice) => slice.stale) };
}

export interface TTeamGraphNodeRow {
  /** Team slug; null for services without an owner team. */
  slug: string | null;
  name: string | null;
  serviceCount: number;
  /** Worst SLO severity over the team's services (0 healthy … 3 breached), null without SLOs. */
  worstRank: number | null;
}

export interface TTeamGraphEdgeRow {
  /** Caller's team slug; "~outside" for callers outside the mesh, null for services without a team. */
  callerTeam: string | null;
  calleeTeam: string | null;
  callCount: number;
  observedCount: number;
  declaredCount: number;
  requestRate: number | null;
  /** Rate-weighted success ratio of the observed calls. */
  successRatio: number | null;
  staleCount: number;
}

/** One slice's calls between two teams, with the success ratio's two sums kept apart so slices add up (grouped by team, not by edge: any cut of the edges adds up). */
interface TTeamCallSums {
  outside: boolean;
  callerTeamId: string | null;
  calleeTeamId: string | null;
  callCount: number;
  observedCount: number;
  declaredCount: number;
  requestRate: number | null;
  successWeighted: number | null;
  successWeight: number | null;
  staleCount: number;
}

const addNullable = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : a + b);

/** Nulls (services without a team) after every slug, as the database orders them. */
function compareSlugs(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/**
 * The team-level view: one row per team, one per team-to-team relation (calls within a team
 * left out), the `maxEdges` busiest first, plus how many relations there are in all.
 */
export async function findTeamGraphRows(
  organizationId: string,
  maxEdges: number,
  slicing: TEdgeSlicing = defaultEdgeSlicing(),
): Promise<{ teams: TTeamGraphNodeRow[]; edges: TTeamGraphEdgeRow[]; edgeTotal: number }> {
  const prisma = getPrisma();
  const teams = await prisma.$queryRaw<(TTeamGraphNodeRow & { id: string | null })[]>`
    SELECT t."id", t."slug", t."name", count(s."id")::int AS "serviceCount",
           max(CASE sl."status" WHEN 'healthy' THEN 0 WHEN 'at_risk' THEN 1 WHEN 'no_data' THEN 2 WHEN 'breached' THEN 3 END)::int AS "worstRank"
      FROM "Service" s
      LEFT JOIN "Team" t ON t."id" = s."ownerTeamId"
      LEFT JOIN "Slo" sl ON sl."serviceId" = s."id" AND sl."organizationId" = ${organizationId}
     WHERE s."organizationId" = ${organizationId} AND s."archivedAt" IS NULL
     GROUP BY t."id", t."slug", t."name"`;
  const slugOf = new Map(teams.map((team) => [team.id, team.slug]));
  const { edges, edgeTotal } =
    slicing === "whole"
      ? await findBusiestTeamRelations(organizationId, maxEdges)
      : await addUpTeamRelations(organizationId, maxEdges, slicing, (teamId) => slugOf.get(teamId) ?? null);
  return {
    teams: teams.map((t) => ({ slug: t.slug, name: t.name, serviceCount: Number(t.serviceCount), worstRank: t.worstRank === null ? null : Number(t.worstRank) })),
    edges,
    edgeTotal,
  };
}

/** One slice's (or the whole table's) calls between teams, grouped by caller team and callee team. */
function teamCallSumsSql(organizationId: string, slice: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT e."callerId" IS NULL AS "outside", caller."ownerTeamId" AS "callerTeamId", callee."ownerTeamId" AS "calleeTeamId",
           count(*)::int AS "callCount",
           count(*) FILTER (WHERE e."source" = 'mesh')::int AS "observedCount",
           count(*) FILTER (WHERE e."source" = 'declared')::int AS "declaredCount",
           sum(e."requestRate") FILTER (WHERE e."source" = 'mesh') AS "requestRate",
           sum(e."requestRate" * e."successRatio") FILTER (WHERE e."source" = 'mesh' AND e."successRatio" IS NOT NULL) AS "successWeighted",
           sum(e."requestRate") FILTER (WHERE e."source" = 'mesh' AND e."successRatio" IS NOT NULL) AS "successWeight",
           count(*) FILTER (WHERE e."staleSince" IS NOT NULL)::int AS "staleCount"
      FROM "Edge" e
      JOIN "Service" callee ON callee."id" = e."calleeId"
      LEFT JOIN "Service" caller ON caller."id" = e."callerId"
     WHERE e."organizationId" = ${organizationId} AND e."goneAt" IS NULL ${slice}
       AND callee."archivedAt" IS NULL AND (caller."id" IS NULL OR caller."archivedAt" IS NULL)
       AND (e."callerId" IS NULL OR caller."ownerTeamId" IS DISTINCT FROM callee."ownerTeamId")
     GROUP BY 1, 2, 3`;
}

function toTeamEdgeRow(row: TTeamCallSums, callerTeam: string | null, calleeTeam: string | null): TTeamGraphEdgeRow {
  return {
    callerTeam,
    calleeTeam,
    callCount: Number(row.callCount),
    observedCount: Number(row.observedCount),
    declaredCount: Number(row.declaredCount),
    requestRate: row.requestRate === null ? null : Number(row.requestRate),
    successRatio: row.successWeight === null || Number(row.successWeight) === 0 || row.successWeighted === null ? null : Number(row.successWeighted) / Number(row.successWeight),
    staleCount: Number(row.staleCount),
  };
}

/**
 * One statement (Postgres): grouped, ordered and cut in SQL, so the web process reads `maxEdges`
 * rows whatever the number of teams (2,000 teams make 20,000 relations: bench/team-view.bench.ts).
 * The order is addUpTeamRelations' (byte order of slugs, outside callers as "~outside", nulls last).
 */
async function findBusiestTeamRelations(organizationId: string, maxEdges: number): Promise<{ edges: TTeamGraphEdgeRow[]; edgeTotal: number }> {
  const rows = await getPrisma().$queryRaw<(TTeamCallSums & { callerSlug: string | null; calleeSlug: string | null; total: number })[]>`
    SELECT * FROM (
      SELECT p.*, CASE WHEN p."outside" THEN ${OUTSIDE_NODE_ID}::text ELSE caller."slug" END AS "callerSlug", callee."slug" AS "calleeSlug",
             count(*) OVER ()::int AS "total"
        FROM (${teamCallSumsSql(organizationId, Prisma.empty)}) p
        LEFT JOIN "Team" caller ON caller."id" = p."callerTeamId" AND caller."organizationId" = ${organizationId}
        LEFT JOIN "Team" callee ON callee."id" = p."calleeTeamId" AND callee."organizationId" = ${organizationId}
    ) r
    ORDER BY r."callCount" DESC, r."callerSlug" COLLATE "C" NULLS LAST, r."calleeSlug" COLLATE "C" NULLS LAST
    LIMIT ${maxEdges}`;
  return { edges: rows.map((row) => toTeamEdgeRow(row, row.callerSlug, row.calleeSlug)), edgeTotal: Number(rows[0]?.total ?? 0) };
}

/** Slice by slice (the embedded database), added up in JavaScript, then ordered and cut. */
async function addUpTeamRelations(
  organizationId: string,
  maxEdges: number,
  slicing: TEdgeSlicing,
  slugOf: (teamId: string | null) => string | null,
): Promise<{ edges: TTeamGraphEdgeRow[]; edgeTotal: number }> {
  const slices = await readEdgeSlices("e", (slice) => getPrisma().$queryRaw<TTeamCallSums[]>(teamCallSumsSql(organizationId, slice)), slicing);
  const sums = new Map<string, TTeamCallSums>();
  for (const row of slices.flat()) {
    const key = `${row.outside}|${row.callerTeamId}|${row.calleeTeamId}`;
    const seen = sums.get(key);
    if (!seen) {
      sums.set(key, { ...row });
      continue;
    }
    seen.callCount += Number(row.callCount);
    seen.observedCount += Number(row.observedCount);
    seen.declaredCount += Number(row.declaredCount);
    seen.requestRate = addNullable(seen.requestRate, row.requestRate);
    seen.successWeighted = addNullable(seen.successWeighted, row.successWeighted);
    seen.successWeight = addNullable(seen.successWeight, row.successWeight);
    seen.staleCount += Number(row.staleCount);
  }
  const edges = [...sums.values()]
    // Outside callers are one pseudo-team, so a team's calls from outside stay a relation of their own.
    .map((row) => toTeamEdgeRow(row, row.outside ? OUTSIDE_NODE_ID : slugOf(row.callerTeamId), slugOf(row.calleeTeamId)))
    .sort((a, b) => b.callCount - a.callCount || compareSlugs(a.callerTeam, b.callerTeam) || compareSlugs(a.calleeTeam, b.calleeTeam));
  return { edges: edges.slice(0, maxEdges), edgeTotal: edges.length };
}
