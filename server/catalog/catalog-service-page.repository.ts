import { getPrisma } from "@/server/db/client.ts";
import { Prisma } from "@/server/db/generated/client.ts";
import { worstSloStatus } from "@/domain/graph/slo-status-order.ts";
import type { TServiceListQuery, TServiceSort, TServiceSummary, TSloStatus } from "./catalog.schemas.ts";
import type { TServiceCursor } from "./service-list-cursor.ts";

// One page of the catalog in one statement, whatever the catalog's size: the page's rows
// (filters, search and keyset in SQL; the per-row counts as correlated subqueries over the
// page's rows only, after its LIMIT) and the total. Every subquery names the organization, so
// the (organizationId, callerId) / (organizationId, calleeId) edge indexes answer it. On the
// embedded database (one connection, README "Services API") a page's statements queue
// behind each other's, so what one costs is what everyone waits: see
// bench/service-list-statements.bench.ts for where it goes.

/**
 * "text"/"number": a key a row may lack (those rows come last). "required": every row has
 * one (a NOT NULL column), so the sort and the keyset are a plain row comparison that an
 * index on (organizationId, key, ...) walks.
 */
type TSortKind = "text" | "number" | "required-text" | "required-integer";

/** Worst SLO status (severity as in domain/graph/slo-status-order.ts) and lowest budget of each service with SLOs. */
const SLO_SUMMARY_JOIN = (organizationId: string) => Prisma.sql`LEFT JOIN (
    SELECT sl."serviceId",
           max(CASE sl."status" WHEN 'healthy' THEN 0 WHEN 'at_risk' THEN 1 WHEN 'no_data' THEN 2 WHEN 'breached' THEN 3 END) AS "worstRank",
           min(sl."budgetRemaining") AS "budget"
      FROM "Slo" sl WHERE sl."organizationId" = ${organizationId} GROUP BY sl."serviceId") sa ON sa."serviceId" = s."id"`;

/** The SQL sort key of each sort, and whether it compares as text or as a number. */
const SORT_KEYS: Record<TServiceSort, { sql: Prisma.Sql; kind: TSortKind; needsSloSummary?: true; needsDependentCount?: true }> = {
  // NOT NULL: the (organizationId, name) index walks the first page and every cursor.
  name: { sql: Prisma.sql`s."name"`, kind: "required-text" },
  team: { sql: Prisma.sql`t."name"`, kind: "text" },
  tier: { sql: Prisma.sql`s."tier"::float8`, kind: "number" },
  // Kept in "ServiceDependentCount" (one row per service) by triggers on "Service" and "Edge"
  // (server/catalog/catalog-dependent-counts.repository.ts): its (organizationId, count,
  // serviceId) index orders it (DEPENDENT_COUNT_JOIN); until December 2026 every match's edges
  // were counted (a grouped pass over all of them) before the sort.
  dependents: { sql: Prisma.sql`dc."count"`, kind: "required-integer", needsDependentCount: true },
  // One grouped pass over the organization's SLOs, hash-joined (a subquery per service was
  // one index probe per service: 10,000 of them before the sort).
  budget: { sql: Prisma.sql`sa."budget"`, kind: "number", needsSloSummary: true },
};

/**
 * The dependents count of each service, for its sort. Every service has its row (a trigger
 * adds it with the service), so the inner join drops none. The organization is named on the
 * count's side too, and the keyset and order use `dc."serviceId"` (the same value as `s."id"`),
 * so the planner walks the count index in order instead of sorting every match.
 */
const DEPENDENT_COUNT_JOIN = (organizationId: string) =>
  Prisma.sql`JOIN "ServiceDependentCount" dc ON dc."serviceId" = s."id" AND dc."organizationId" = ${organizationId}`;

/** Severity as in domain/graph/slo-status-order.ts, for the status filter (the ranks of SLO_SUMMARY_JOIN). */
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
  if (filter.status === "none") parts.push(Prisma.sql`sa."serviceId" IS NULL`);
  else if (filter.status) parts.push(Prisma.sql`sa."worstRank" = ${STATUS_RANK[filter.status]}`);
  const q = filter.q?.trim();
  if (q) parts.push(serviceSearchCondition(q));
  return Prisma.join(parts, " AND ");
}

/**
 * Joins the searched columns into one text. The index "Service_search_trgm_idx" (migration
 * 20261206024500_service_search_index) is on exactly this expression, the separator written
 * as the same literal, so the planner matches it.
 */
const SEARCH_TEXT = Prisma.raw(`lower(s."name" || E'\\x01' || s."slug" || E'\\x01' || coalesce(s."description", ''))`);
const SEARCH_SEPARATOR = "\u0001";

/** `q` in the name, slug or description (case-insensitive substring), or one of the tags: a condition on `"Service" s`. */
export function serviceSearchCondition(q: string): Prisma.Sql {
  const pattern = likePattern(q);
  const tags = Prisma.sql`s."tags" @> ARRAY[${q.toLowerCase()}]::text[]`;
  // One lower() and one LIKE over the columns joined: the same match as ILIKE on each
  // (Postgres' ILIKE is lower() of both sides and LIKE, and a match cannot span the
  // separator: % and _ are escaped, and a q holding the separator takes the form below). One
  // trigram index answers it on both databases, and its recheck is one lower() per candidate
  // where an ILIKE per column is up to three. Unindexed, this scanned every service on PGlite
  // (~15 ms at 10,000); with the index `?q=svc-4242` is a ~3-ms statement of PGlite CPU and
  // `?q=checkout` finds its 2,000 matches in ~4 ms (bench/service-list-statements.bench.ts).
  if (!q.includes(SEARCH_SEPARATOR)) return Prisma.sql`(${SEARCH_TEXT} LIKE lower(${pattern}) OR ${tags})`;
  return Prisma.sql`(s."name" ILIKE ${pattern} OR s."slug" ILIKE ${pattern} OR s."description" ILIKE ${pattern} OR ${tags})`;
}

/** Rows after the cursor's position, `key` and `id` being the SQL of a row's sort key and id. */
function keysetCondition(cursor: TServiceCursor | null, kind: TSortKind, order: "asc" | "desc", key: Prisma.Sql, id: Prisma.Sql): Prisma.Sql {
  if (!cursor) return Prisma.sql`TRUE`;
  const after = order === "asc" ? Prisma.raw(">") : Prisma.raw("<");
  // Every row has a key: a plain row comparison the index answers. A cursor this API made
  // carries a key of the sort's kind, and a key of another kind matches no row of it.
  if (kind === "required-integer") {
    const value = typeof cursor.key === "number" && Number.isInteger(cursor.key) ? cursor.key : null;
    return value === null ? Prisma.sql`FALSE` : Prisma.sql`(${key}, ${id}) ${after} (${value}::int, ${cursor.id})`;
  }
  if (kind === "required-text") {
    return typeof cursor.key === "string" ? Prisma.sql`(${key}, ${id}) ${after} (${cursor.key}::text, ${cursor.id})` : Prisma.sql`FALSE`;
  }
  // Rows without a key come after every row with one, in either direction.
  if (cursor.key === null) return Prisma.sql`(${key} IS NULL AND ${id} ${after} ${cursor.id})`;
  const value = kind === "text" ? Prisma.sql`${String(cursor.key)}::text` : Prisma.sql`${Number(cursor.key)}::float8`;
  return Prisma.sql`(${key} IS NULL OR (${key}, ${id}) ${after} (${value}, ${cursor.id}))`;
}

/** Above this many matches per page row, a page sorted by dependents walks the count index instead of looking up each match's count. */
const WALK_COUNT_INDEX_ABOVE_MATCHES_PER_ROW = 4;

/**
 * The page's ids and counts among the matches `m` (and their number, `counted`), sorted by
 * dependents. Two plans, and the number of matches picks one when the statement runs (each
 * branch's condition on it is a one-time filter, so the other branch never runs):
 * - many matches: walk the (organizationId, count, serviceId) index in order, keeping the
 *   services among the matches (a hashed set: the IN inside COALESCE stays a filter instead
 *   of becoming a join, which would sort), and stop when the page is full. At 10,000
 *   services, `q=checkout` (2,000 matches) reads ~250 index entries;
 * - few matches: look each one's count up and sort them (the walk would read the whole index
 *   to fill a page).
 * Looking up every match's count cost ~5 µs each on PGlite (2,000 of them ~10 ms of a 24-ms
 * statement); a walked entry ~0.2 µs (bench/service-list-statements.bench.ts).
 */
function matchedIdsByDependents(organizationId: string, cursor: TServiceCursor | null, order: "asc" | "desc", limit: number): Prisma.Sql {
  const walkAbove = WALK_COUNT_INDEX_ABOVE_MATCHES_PER_ROW * (limit + 1);
  const count = Prisma.sql`dc."count"`;
  const walkedId = Prisma.sql`dc."serviceId"`;
  const matchId = Prisma.sql`m."id"`;
  // The outer LIMIT tells the planner the page's size (one branch answers, the other none): with
  // two branches' worth it read every service to join them on Postgres.
  return Prisma.sql`SELECT b."id", b."sortKey" FROM (
      (SELECT ${walkedId} AS "id", ${count} AS "sortKey" FROM "ServiceDependentCount" dc
        WHERE dc."organizationId" = ${organizationId} AND ${keysetCondition(cursor, "required-integer", order, count, walkedId)}
          AND COALESCE(${walkedId} IN (SELECT m."id" FROM m), FALSE)
          AND (SELECT c."total" FROM counted c) > ${walkAbove}
        ORDER BY ${orderBy("required-integer", order, count, walkedId)} LIMIT ${limit + 1})
      UNION ALL
      (SELECT ${matchId}, ${count} FROM m JOIN "ServiceDependentCount" dc ON dc."serviceId" = m."id"
        WHERE ${keysetCondition(cursor, "required-integer", order, count, matchId)}
          AND (SELECT c."total" FROM counted c) <= ${walkAbove}
        ORDER BY ${orderBy("required-integer", order, count, matchId)} LIMIT ${limit + 1})) b
      LIMIT ${limit + 1}`;
}

/** ORDER BY the sort key (rows without one last) and the id. */
function orderBy(kind: TSortKind, order: "asc" | "desc", key: Prisma.Sql, id: Prisma.Sql): Prisma.Sql {
  const dir = Prisma.raw(order === "asc" ? "ASC" : "DESC");
  if (kind === "required-text" || kind === "required-integer") return Prisma.sql`${key} ${dir}, ${id} ${dir}`;
  return Prisma.sql`(${key} IS NULL) ASC, ${key} ${dir}, ${id} ${dir}`;
}

/** A page row; the statement answers one row with only `total` when the page is empty. */
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
  total: number;
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
 * while a client pages through never make it skip or repeat a row it already has), and how
 * many services match, in one statement.
 *
 * Without a search or the stale filter the page is read straight from the services in sort
 * order (an index walk for name and dependents) and the total is a count beside it. With
 * one of them, whose conditions cost a scan of every service (ILIKE on three columns; the
 * stale filter's per-service lookups; on PGlite each is several ms at 10,000 services), the
 * matches are found once, materialized as (id, sort key), and both the page and the total
 * are read from them (sorted by dependents, the page is read from the count index: see
 * matchedIdsByDependents).
 */
export async function findServicePage(
  organizationId: string,
  query: Pick<TServiceListQuery, "q" | "team" | "tier" | "status" | "stale" | "archived" | "sort" | "order">,
  limit: number,
  cursor: TServiceCursor | null,
  staleWindow: TStaleFilterWindow | null = null,
): Promise<TServicePageRows> {
  const sortKey = SORT_KEYS[query.sort];
  const where = whereFilters(organizationId, query, staleWindow);
  const sloSummary = sortKey.needsSloSummary || query.status ? SLO_SUMMARY_JOIN(organizationId) : Prisma.empty;
  const source = Prisma.sql`"Service" s LEFT JOIN "Team" t ON t."id" = s."ownerTeamId" ${sloSummary}`;
  // The rows in sort order; the total counts `source` (the count join drops no service). The
  // matches of a search sorted by dependents take their counts only for the page (below).
  const sortedSource = sortKey.needsDependentCount ? Prisma.sql`${source} ${DEPENDENT_COUNT_JOIN(organizationId)}` : source;
  const serviceId = sortKey.needsDependentCount ? Prisma.sql`dc."serviceId"` : Prisma.sql`s."id"`;
  const pageColumns = Prisma.sql`s."id", s."slug", s."name", s."description", s."tier", s."lifecycle", s."systemId",
         t."slug" AS "teamSlug", t."name" AS "teamName"`;
  const matchOnce = Boolean(query.q?.trim()) || query.stale !== undefined;
  const rowKey = Prisma.sql`m."sortKey"`;
  const rowId = Prisma.sql`m."id"`;
  const pageKey = matchOnce ? rowKey : sortKey.sql;
  const pageId = matchOnce ? rowId : serviceId;
  const keyset = keysetCondition(cursor, sortKey.kind, query.order, pageKey, pageId);
  const pageOrder = orderBy(sortKey.kind, query.order, pageKey, pageId);
  // The page's rows first (LIMIT inside), so the counts below run for them only: with the
  // LIMIT outside, the planner may compute a subquery it deems cheap for every match. From
  // the matches, the page's ids first and then their columns (joined the other way round,
  // the planner, expecting few matches, read every match's service and team row).
  const pageAndTotal = matchOnce
    ? Prisma.sql`
    WITH m AS MATERIALIZED (SELECT s."id", ${sortKey.needsDependentCount ? Prisma.sql`NULL::int` : sortKey.sql} AS "sortKey" FROM ${source} WHERE ${where}),
    counted AS (SELECT count(*)::int AS "total" FROM m),
    ids AS (${
      sortKey.needsDependentCount
        ? matchedIdsByDependents(organizationId, cursor, query.order, limit)
        : Prisma.sql`SELECT m."id", m."sortKey" FROM m WHERE ${keyset} ORDER BY ${pageOrder} LIMIT ${limit + 1}`
    }),
    page AS (
      SELECT ${pageColumns}, ids."sortKey"
        FROM ids JOIN "Service" s ON s."id" = ids."id" LEFT JOIN "Team" t ON t."id" = s."ownerTeamId")`
    : Prisma.sql`
    WITH page AS (
      SELECT ${pageColumns}, ${sortKey.sql} AS "sortKey"
        FROM ${sortedSource}
       WHERE ${where} AND ${keyset}
       ORDER BY ${pageOrder}
       LIMIT ${limit + 1}),
    counted AS (SELECT count(*)::int AS "total" FROM ${source} WHERE ${where})`;
  const rows = await getPrisma().$queryRaw<(TPageRow | (Partial<TPageRow> & { id: null; total: number }))[]>`
    ${pageAndTotal}
    SELECT p."id", p."slug", p."name", p."description", p."tier", p."lifecycle", sy."name" AS "system",
      p."teamSlug", p."teamName", p."sortKey", c."total",
      (SELECT dc."count" FROM "ServiceDependentCount" dc WHERE dc."serviceId" = p."id") AS "dependentCount",
      (SELECT count(DISTINCT e."calleeId")::int FROM "Edge" e
        WHERE e."organizationId" = ${organizationId} AND e."callerId" = p."id" AND e."goneAt" IS NULL) AS "dependencyCount",
      (SELECT count(*)::int FROM "Workload" w
        WHERE w."organizationId" = ${organizationId} AND w."serviceId" = p."id" AND w."deletedAt" IS NULL) AS "workloadCount",
      (SELECT string_agg(DISTINCT sl."status"::text, ',') FROM "Slo" sl
        WHERE sl."serviceId" = p."id" AND sl."organizationId" = ${organizationId}) AS "sloStatuses",
      (SELECT min(sl."budgetRemaining") FROM "Slo" sl
        WHERE sl."serviceId" = p."id" AND sl."organizationId" = ${organizationId}) AS "budgetRemaining"
    FROM counted c
    LEFT JOIN page p ON TRUE
    LEFT JOIN "System" sy ON sy."id" = p."systemId"
    ORDER BY ${orderBy(sortKey.kind, query.order, Prisma.sql`p."sortKey"`, Prisma.sql`p."id"`)}`;
  // An empty page is one row with the total and no service.
  const found = rows.filter((row): row is TPageRow => row.id !== null);
  const page = found.slice(0, limit);
  const last = page.at(-1);
  const sortValue = (row: TPageRow) =>
    row.sortKey === null ? null : sortKey.kind === "text" || sortKey.kind === "required-text" ? String(row.sortKey) : Number(row.sortKey);
  return {
    services: page.map(toSummary),
    next: found.length > limit && last ? { key: sortValue(last), id: last.id } : null,
    total: Number(rows[0]?.total ?? 0),
  };
}
