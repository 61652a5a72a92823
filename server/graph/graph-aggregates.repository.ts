import { OUTSIDE_NODE_ID } from "@/domain/graph/build-service-graph.ts";
import { getPrisma } from "@/server/db/client.ts";
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
  const slices = await readEdgeSlices(
    "e",
    (slice) => prisma.$queryRaw<TTeamCallSums[]>`
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
       GROUP BY 1, 2, 3`,
    slicing,
  );
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
  const slugOf = new Map(teams.map((team) => [team.id, team.slug]));
  const edges = [...sums.values()]
    .map(
      (row): TTeamGraphEdgeRow => ({
        // Outside callers are one pseudo-team, so a team's calls from outside stay a relation of their own.
        callerTeam: row.outside ? OUTSIDE_NODE_ID : (slugOf.get(row.callerTeamId) ?? null),
        calleeTeam: slugOf.get(row.calleeTeamId) ?? null,
        callCount: Number(row.callCount),
        observedCount: Number(row.observedCount),
        declaredCount: Number(row.declaredCount),
        requestRate: row.requestRate === null ? null : Number(row.requestRate),
        successRatio: row.successWeight === null || Number(row.successWeight) === 0 || row.successWeighted === null ? null : Number(row.successWeighted) / Number(row.successWeight),
        staleCount: Number(row.staleCount),
      }),
    )
    .sort((a, b) => b.callCount - a.callCount || compareSlugs(a.callerTeam, b.callerTeam) || compareSlugs(a.calleeTeam, b.calleeTeam));
  return {
    teams: teams.map((t) => ({ slug: t.slug, name: t.name, serviceCount: Number(t.serviceCount), worstRank: t.worstRank === null ? null : Number(t.worstRank) })),
    edges: edges.slice(0, maxEdges),
    edgeTotal: edges.length,
  };
}
