import { getPrisma } from "@/server/db/client.ts";
import { Prisma } from "@/server/db/generated/client.ts";
import { worstSloStatus } from "@/domain/graph/slo-status-order.ts";
import type { TServiceListQuery, TServiceSort, TServiceSummary, TSloStatus } from "./catalog.schemas.ts";
import type { TServiceCursor } from "./service-list-cursor.ts";

// One page of the catalog in two statements, whatever the catalog's size: the page's
// rows (filters, search and keyset in SQL, dependents kept on the row, the other counts as correlated subqueries over the
// page only) and the total. Every subquery names the organization, so the
// (organizationId, callerId) / (organizationId, calleeId) edge indexes answer it.

/** "integer": a whole number every row has, so the sort and the keyset can walk an index. */
type TSortKind = "text" | "number" | "integer";

/** The SQL sort key of each sort, and whether it compares as text or as a number. */
const SORT_KEYS: Record<TServiceSort, { sql: Prisma.Sql; kind: TSortKind }> = {
  name: { sql: Prisma.sql`s."name"`, kind: "text" },
  team: { sql: Prisma.sql`t."name"`, kind: "text" },
  tier: { sql: Prisma.sql`s."tier"::float8`, kind: "number" },
  // Kept on the row by triggers on "Edge" (server/catalog/catalog-dependent-counts.repository.ts):
  // the (organizationId, dependentCount, id) index orders it; until December 2026 every
  // match's edges were counted (a grouped pass over all of them) before the sort.
  dependents: { sql: Prisma.sql`s."dependentCount"`, kind: "integer" },
  budget: {
    sql: Prisma.sql`(SELECT min(sl."budgetRemaining") FROM "Slo" sl WHERE sl."serviceId" = s."id" AND sl."organizationId" = s."organizationId")`,
    kind: "number",
  },
};

/** Severity as in domain/graph/slo-status-order.ts, for the status filter. */
const WORST_STATUS_RANK = Prisma.sql`(SELECT max(CASE sl."status" WHEN 'healthy' THEN 0 WHEN 'at_risk' THEN 1 WHEN 'no_data' THEN 2 WHEN 'breached' THEN 3 END)
  FROM "Slo" sl WHERE sl."serviceId" = s."id" AND sl."organizationId" = s."organizationId")`;
const STATUS_RANK: Record<TSloStatus, number> = { healthy: 0, at_risk: 1, no_data: 2, breached: 3 };

/** `%` and `_` typed into the search box are literal characters, not wildcards. */
function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** What the `stale` filter needs besides the query: since when nothing seen is stale, and whether the telemetry can tell at all. */
export interface TStaleFilterWindow {
  cutoff: Date;
  telemetryKnown: boolean;
}

/**
 * Stale as domain/catalog/assess-service-staleness.ts judges it, in SQL: not kept, no live
 * workload and none deleted since the cutoff, no mesh traffic since the cutoff, and either
 * seen once (before the cutoff) or in the catalog since before it. While the telemetry
 * cannot tell, nothing is stale.
 */
function staleCondition(organizationId: string, window: TStaleFilterWindow): Prisma.Sql {
  if (!window.telemetryKnown) return Prisma.sql`FALSE`;
  const cutoff = window.cutoff;
  return Prisma.sql`(s."keptAt" IS NULL
    AND NOT EXISTS (SELECT 1 FROM "Workload" w WHERE w."organizationId" = ${organizationId} AND w."serviceId" = s."id"
                      AND (w."deletedAt" IS NULL OR w."deletedAt" >= ${cutoff}::timestamptz))
    AND NOT EXISTS (SELECT 1 FROM "Edge" e WHERE e."organizationId" = ${organizationId} AND e."source" = 'mesh'
                      AND (e."callerId" = s."id" OR e."calleeId" = s."id") AND e."lastSeenAt" >= ${cutoff}::timestamptz)
    AND (s."createdAt" < ${cutoff}::timestamptz
         OR EXISTS (SELECT 1 FROM "Workload" w WHERE w."organizationId" = ${organizationId} AND w."serviceId" = s."id")
         OR EXISTS (SELECT 1 FROM "Edge" e WHERE e."organizationId" = ${organizationId} AND e."source" = 'mesh'
                      AND (e."callerId" = s."id" OR e."calleeId" = s."id") AND e."lastSeenAt" IS NOT NULL)))`;
}

function whereFilters(
  organizationId: string,
  filter: Pick<TServiceListQuery, "q" | "team" | "tier" | "status" | "stale" | "archived">,
  staleWindow: TStaleFilterWindow | null,
): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`s."organizationId" = ${organizationId}`];
  // Archived services leave the list unless asked for; their rows and history stay.
  parts.push(filter.archived === "true" ? Prisma.sql`s."archivedAt" IS NOT NULL` : Prisma.sql`s."archivedAt" IS NULL`);
  if (filter.stale !== undefined) {
    if (staleWindow === null) throw new Error("the stale filter needs a staleness window");
    const stale = staleCondition(organizationId, staleWindow);
    parts.push(filter.stale === "true" ? stale : Prisma.sql`NOT ${stale}`);
  }
  if (filter.tier !== undefined) parts.push(Prisma.sql`s."tier" = ${filter.tier}`);
  if (filter.team) parts.push(Prisma.sql`t."slug" = ${filter.team}`);
  if (filter.status === "none") parts.push(Prisma.sql`NOT EXISTS (SELECT 1 FROM "Slo" sl WHERE sl."serviceId" = s."id" AND sl."organizationId" = s."organizationId")`);
  else if (filter.status) parts.push(Prisma.sql`${WORST_STATUS_RANK} = ${STATUS_RANK[filter.status]}`);
  const q = filter.q?.trim();
  if (q) {
    // ILIKE on each column separately so each trigram GIN index can answer its part (a BitmapOr).
    const pattern = likePattern(q);
    parts.push(Prisma.sql`(s."name" ILIKE ${pattern} OR s."slug" ILIKE ${pattern} OR s."description" ILIKE ${pattern}
                           OR s."tags" @> ARRAY[${q.toLowerCase()}]::text[])`);
  }
  return Prisma.join(parts, " AND ");
}

function keysetCondition(cursor: TServiceCursor | null, kind: TSortKind, order: "asc" | "desc"): Prisma.Sql {
  if (!cursor) return Prisma.sql`TRUE`;
  const after = order === "asc" ? Prisma.raw(">") : Prisma.raw("<");
  // Every row has an integer key: a plain row comparison the index answers. A cursor
  // this API made carries a whole number, and a key of another kind matches no row of it.
  if (kind === "integer") {
    const key = typeof cursor.key === "number" && Number.isInteger(cursor.key) ? cursor.key : null;
    return key === null ? Prisma.sql`FALSE` : Prisma.sql`(b."sortKey", b."id") ${after} (${key}::int, ${cursor.id})`;
  }
  // Rows without a key come after every row with one, in either direction.
  if (cursor.key === null) return Prisma.sql`(b."sortKey" IS NULL AND b."id" ${after} ${cursor.id})`;
  const key = kind === "text" ? Prisma.sql`${String(cursor.key)}::text` : Prisma.sql`${Number(cursor.key)}::float8`;
  return Prisma.sql`(b."sortKey" IS NULL OR (b."sortKey", b."id") ${after} (${key}, ${cursor.id}))`;
}

type TPageRow = {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  tier: number | null;
  lifecycle: string | null;
  system: string | null;
  teamSlug: string | null;
  teamName: string | null;
  sortKey: string | number | null;
  dependencyCount: number;
  dependentCount: number;
  workloadCount: number;
  sloStatuses: string | null;
  budgetRemaining: number | null;
};

function toSummary(row: TPageRow): TServiceSummary {
  const statuses = (row.sloStatuses ? row.sloStatuses.split(",") : []) as TSloStatus[];
  return {
    slug: row.slug,
    name: row.name,
    description: row.description,
    tier: row.tier,
    lifecycle: row.lifecycle,
    system: row.system,
    ownerTeam: row.teamSlug !== null && row.teamName !== null ? { slug: row.teamSlug, name: row.teamName } : null,
    dependencyCount: Number(row.dependencyCount),
    dependentCount: Number(row.dependentCount),
    sloStatus: worstSloStatus(statuses),
    budgetRemaining: row.budgetRemaining === null ? null : Number(row.budgetRemaining),
    workloadCount: Number(row.workloadCount),
  };
}

export interface TServicePageRows {
  services: TServiceSummary[];
  /** The last row's keyset position when more rows follow, else null. */
  next: { key: string | number | null; id: string } | null;
  total: number;
}

/**
 * One page of service summaries, sorted by `query.sort` then id (stable: rows inserted
 * while a client pages through never make it skip or repeat a row it already has).
 */
export async function findServicePage(
  organizationId: string,
  query: Pick<TServiceListQuery, "q" | "team" | "tier" | "status" | "stale" | "archived" | "sort" | "order">,
  limit: number,
  cursor: TServiceCursor | null,
  staleWindow: TStaleFilterWindow | null = null,
): Promise<TServicePageRows> {
  const prisma = getPrisma();
  const sortKey = SORT_KEYS[query.sort];
  const dir = Prisma.raw(query.order === "asc" ? "ASC" : "DESC");
  const where = whereFilters(organizationId, query, staleWindow);
  const orderBy =
    sortKey.kind === "integer" ? Prisma.sql`b."sortKey" ${dir}, b."id" ${dir}` : Prisma.sql`(b."sortKey" IS NULL) ASC, b."sortKey" ${dir}, b."id" ${dir}`;
  const rows = await prisma.$queryRaw<TPageRow[]>`
    SELECT b.*,
      (SELECT count(DISTINCT e."calleeId")::int FROM "Edge" e
        WHERE e."organizationId" = ${organizationId} AND e."callerId" = b."id" AND e."goneAt" IS NULL) AS "dependencyCount",
      (SELECT count(*)::int FROM "Workload" w
        WHERE w."organizationId" = ${organizationId} AND w."serviceId" = b."id" AND w."deletedAt" IS NULL) AS "workloadCount",
      (SELECT string_agg(DISTINCT sl."status"::text, ',') FROM "Slo" sl
        WHERE sl."serviceId" = b."id" AND sl."organizationId" = ${organizationId}) AS "sloStatuses",
      (SELECT min(sl."budgetRemaining") FROM "Slo" sl
        WHERE sl."serviceId" = b."id" AND sl."organizationId" = ${organizationId}) AS "budgetRemaining"
    FROM (
      SELECT s."id", s."slug", s."name", s."description", s."tier", s."lifecycle", sy."name" AS "system",
             t."slug" AS "teamSlug", t."name" AS "teamName", s."dependentCount", ${sortKey.sql} AS "sortKey"
        FROM "Service" s
        LEFT JOIN "Team" t ON t."id" = s."ownerTeamId"
        LEFT JOIN "System" sy ON sy."id" = s."systemId"
       WHERE ${where}
    ) b
    WHERE ${keysetCondition(cursor, sortKey.kind, query.order)}
    ORDER BY ${orderBy}
    LIMIT ${limit + 1}`;
  const counted = await prisma.$queryRaw<{ total: number }[]>`
    SELECT count(*)::int AS "total" FROM "Service" s LEFT JOIN "Team" t ON t."id" = s."ownerTeamId" WHERE ${where}`;
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const sortValue = (row: TPageRow) => (row.sortKey === null ? null : sortKey.kind === "text" ? String(row.sortKey) : Number(row.sortKey));
  return {
    services: page.map(toSummary),
    next: rows.length > limit && last ? { key: sortValue(last), id: last.id } : null,
    total: Number(counted[0]?.total ?? 0),
  };
}
