// Keyset chunks of the whole graph for the streamed export: each call reads one bounded
// chunk after the last id seen, so memory and each statement stay small at any size.
//
// The statements run in the export's worker thread (graph-export-worker-entry.ts), on a
// connection of its own (Postgres) or its port to the embedded database's thread (PGlite),
// and in this thread through Prisma (exportServiceGraph, for tools and tests): so they are
// plain text with `$n` parameters, and every column comes back as Postgres' text output.
// Decoding that text here (Number of a float8's shortest text, as pg's and Prisma's own
// parsers do) gives the same values, and so the same bytes, on every path.

export interface TExportService {
  id: string;
  slug: string;
  name: string;
  tier: number | null;
  team: string | null;
}

export interface TExportEdge {
  id: string;
  caller: string | null;
  callee: string;
  source: "mesh" | "declared";
  requestRate: number | null;
  successRatio: number | null;
  latencyP99Ms: number | null;
  stale: boolean;
}

/** Runs one statement and answers its rows as arrays of text (null for NULL), in select-list order. */
export type TExportTextRows = (sql: string, params: string[]) => Promise<(string | null)[][]>;

/** $1 organization, $2 the last id read ('' before the first), $3 rows. */
export const EXPORT_SERVICES_SQL = `SELECT s."id", s."slug", s."name", s."tier"::text AS "tier", t."slug" AS "team"
  FROM "Service" s
  LEFT JOIN "Team" t ON t."id" = s."ownerTeamId"
 WHERE s."organizationId" = $1 AND s."id" > $2
 ORDER BY s."id"
 LIMIT $3::int`;

/** $1 organization, $2 the last id read ('' before the first), $3 rows. Active edges only (not gone). */
export const EXPORT_EDGES_SQL = `SELECT e."id", caller."slug" AS "caller", callee."slug" AS "callee", e."source"::text AS "source",
       e."requestRate"::text AS "requestRate", e."successRatio"::text AS "successRatio", e."latencyP99Ms"::text AS "latencyP99Ms",
       CASE WHEN e."staleSince" IS NULL THEN 'f' ELSE 't' END AS "stale"
  FROM "Edge" e
  JOIN "Service" callee ON callee."id" = e."calleeId"
  LEFT JOIN "Service" caller ON caller."id" = e."callerId"
 WHERE e."organizationId" = $1 AND e."goneAt" IS NULL AND e."id" > $2
 ORDER BY e."id"
 LIMIT $3::int`;

const numberOrNull = (text: string | null | undefined): number | null => (text === null || text === undefined ? null : Number(text));
const required = (text: string | null | undefined, column: string): string => {
  if (text === null || text === undefined) throw new Error(`graph export: ${column} is null`);
  return text;
};

export async function findExportServices(rows: TExportTextRows, organizationId: string, afterId: string | null, take: number): Promise<TExportService[]> {
  const found = await rows(EXPORT_SERVICES_SQL, [organizationId, afterId ?? "", String(take)]);
  return found.map(([id, slug, name, tier, team]) => ({
    id: required(id, "Service.id"),
    slug: required(slug, "Service.slug"),
    name: required(name, "Service.name"),
    tier: numberOrNull(tier),
    team: team ?? null,
  }));
}

export async function findExportEdges(rows: TExportTextRows, organizationId: string, afterId: string | null, take: number): Promise<TExportEdge[]> {
  const found = await rows(EXPORT_EDGES_SQL, [organizationId, afterId ?? "", String(take)]);
  return found.map(([id, caller, callee, source, requestRate, successRatio, latencyP99Ms, stale]) => ({
    id: required(id, "Edge.id"),
    caller: caller ?? null,
    callee: required(callee, "callee slug"),
    source: required(source, "Edge.source") as TExportEdge["source"],
    requestRate: numberOrNull(requestRate),
    successRatio: numberOrNull(successRatio),
    latencyP99Ms: numberOrNull(latencyP99Ms),
    stale: stale === "t",
  }));
}
