import type { TServiceEdge, TServiceWindowCounts } from "@/domain/telemetry/aggregate-mesh-telemetry.ts";
import { UNNEST_ROWS_PER_STATEMENT } from "@/server/db/bulk-chunks.ts";
import { bulkWriteLanes } from "@/server/db/bulk-write-lanes.ts";
import { float8FromParts, float8PartsArrayLiterals } from "@/server/db/float8-parts.ts";
import { Prisma } from "@/server/db/generated/client.ts";
import { textArrayLiteral } from "@/server/db/pg-array-literal.ts";
import { insertWithReferencesChecked } from "@/server/db/checked-insert.repository.ts";
import { statementOrderedId } from "@/server/db/statement-ordered-ids.ts";
import { sumOverChunks } from "@/server/db/sum-over-chunks.ts";

// The rows a mesh round writes, built once for both ways of writing them: the upserts of
// telemetry.repository.ts (a round after the first) and the plain inserts below (the
// organization's first round, when no row of the table is its yet). Every column travels
// as one array literal and is `unnest()`ed (server/db/pg-array-literal.ts).

export const MESH_EDGE_COLUMNS = Prisma.raw(`"id", "organizationId", "key", "callerId", "calleeId", "source", "requestRate", "successRatio",
  "latencyP50Ms", "latencyP95Ms", "latencyP99Ms", "calleeVersions", "lastSeenAt", "goneAt", "staleSince", "staleReason", "createdAt", "updatedAt"`);

/** `SELECT … FROM unnest(…) AS t`: one row per edge of `chunk`, in MESH_EDGE_COLUMNS' order; `t.caller_id` and `t.callee_id` name the services. */
export function meshEdgeRows(organizationId: string, chunk: readonly TServiceEdge[], now: Date): Prisma.Sql {
  const keys = textArrayLiteral(chunk.map((e) => e.key));
  const callerIds = textArrayLiteral(chunk.map((e) => e.callerId));
  const calleeIds = textArrayLiteral(chunk.map((e) => e.calleeId));
  // Doubles as integer mantissas and exponents (server/db/float8-parts.ts: decimals cost PGlite ~1 µs each).
  const rates = float8PartsArrayLiterals(chunk.map((e) => e.requestRate));
  const successes = float8PartsArrayLiterals(chunk.map((e) => e.successRatio));
  const p50s = float8PartsArrayLiterals(chunk.map((e) => e.latencyP50Ms));
  const p95s = float8PartsArrayLiterals(chunk.map((e) => e.latencyP95Ms));
  const p99s = float8PartsArrayLiterals(chunk.map((e) => e.latencyP99Ms));
  const double = (name: string) => float8FromParts(Prisma.raw(`t.${name}_m`), Prisma.raw(`t.${name}_e`));
  // jsonb travels as text, cast per row.
  const versions = textArrayLiteral(chunk.map((e) => (e.calleeVersions === null ? null : JSON.stringify(e.calleeVersions))));
  return Prisma.sql`
      SELECT ${statementOrderedId(Prisma.sql`t.n`)}, ${organizationId}, t.key, t.caller_id, t.callee_id, 'mesh'::"EdgeSource", ${double("rate")}, ${double("success")},
             ${double("p50")}, ${double("p95")}, ${double("p99")}, t.versions::jsonb, ${now}::timestamptz, NULL, NULL, NULL, ${now}::timestamptz, ${now}::timestamptz
      FROM unnest(${keys}::text[], ${callerIds}::text[], ${calleeIds}::text[], ${rates.mantissas}::int8[], ${rates.exponents}::int4[],
                  ${successes.mantissas}::int8[], ${successes.exponents}::int4[], ${p50s.mantissas}::int8[], ${p50s.exponents}::int4[],
                  ${p95s.mantissas}::int8[], ${p95s.exponents}::int4[], ${p99s.mantissas}::int8[], ${p99s.exponents}::int4[], ${versions}::text[])
           WITH ORDINALITY AS t(key, caller_id, callee_id, rate_m, rate_e, success_m, success_e, p50_m, p50_e, p95_m, p95_e, p99_m, p99_e, versions, n)`;
}

export const SERVICE_TELEMETRY_COLUMNS = Prisma.raw(
  `"id", "organizationId", "serviceId", "window", "totalEvents", "goodEvents", "latencyGood", "latencyInterpolated", "measuredAt", "staleSince", "staleReason"`,
);

/** `SELECT … FROM unnest(…) AS t`: one row per service and window of `chunk`, in SERVICE_TELEMETRY_COLUMNS' order; `t.service_id` names the service. */
export function serviceTelemetryRows(organizationId: string, chunk: readonly TServiceWindowCounts[], now: Date): Prisma.Sql {
  const serviceIds = textArrayLiteral(chunk.map((r) => r.serviceId));
  const windows = textArrayLiteral(chunk.map((r) => r.window as string));
  // Doubles as integer mantissas and exponents (server/db/float8-parts.ts: decimals cost PGlite ~1 µs each).
  const totals = float8PartsArrayLiterals(chunk.map((r) => r.total));
  const goods = float8PartsArrayLiterals(chunk.map((r) => r.good));
  const latencies = textArrayLiteral(chunk.map((r) => JSON.stringify(r.latencyGood)));
  const interpolations = textArrayLiteral(chunk.map((r) => JSON.stringify(r.latencyInterpolated)));
  return Prisma.sql`
      SELECT ${statementOrderedId(Prisma.sql`t.n`)}, ${organizationId}, t.service_id, t.win, ${float8FromParts(Prisma.sql`t.total_m`, Prisma.sql`t.total_e`)},
             ${float8FromParts(Prisma.sql`t.good_m`, Prisma.sql`t.good_e`)}, t.latency::jsonb, t.interpolated::jsonb, ${now}::timestamptz, NULL, NULL
      FROM unnest(${serviceIds}::text[], ${windows}::text[], ${totals.mantissas}::int8[], ${totals.exponents}::int4[], ${goods.mantissas}::int8[], ${goods.exponents}::int4[],
                  ${latencies}::text[], ${interpolations}::text[])
        WITH ORDINALITY AS t(service_id, win, total_m, total_e, good_m, good_e, latency, interpolated, n)`;
}

/**
 * The organization's first round (it has no mesh edge yet): every edge is new, so each
 * chunk is one plain `INSERT` — no `ON CONFLICT` probe of the unique index and no
 * speculative insertion per row — after one set-based check that every caller and callee
 * is a service of the organization (server/db/checked-insert.repository.ts; on
 * PGlite the foreign keys' per-row checks are skipped for it). A key that exists after
 * all (another writer of mesh edges; rounds of one organization do not overlap) fails the
 * chunk on the unique index; the round reports it, and the next round, which finds the
 * organization's edges, upserts.
 *
 * The dependents-count insert trigger does not run in PGlite's replica mode; what it does
 * is done in the same transaction instead (`plumbline_dependents_changed` with the new
 * edges' callees: a recount of up to 100 services, else a mark that the round's
 * settleDependentCounts recounts).
 */
export async function insertNewMeshEdges(organizationId: string, edges: readonly TServiceEdge[], now: Date): Promise<number> {
  return sumOverChunks(edges, UNNEST_ROWS_PER_STATEMENT, bulkWriteLanes(), (chunk) =>
    insertWithReferencesChecked(
      "new mesh edges",
      { organizationId, serviceIds: [...chunk.map((e) => e.calleeId), ...chunk.map((e) => e.callerId)] },
      {
        into: Prisma.sql`INSERT INTO "Edge" (${MESH_EDGE_COLUMNS})`,
        rows: () => meshEdgeRows(organizationId, chunk, now),
        rowCount: chunk.length,
        afterInsert: () => Prisma.sql`
          SELECT "plumbline_dependents_changed"(${organizationId}, ${textArrayLiteral([...new Set(chunk.map((e) => e.calleeId))])}::text[])`,
      },
    ),
  );
}

/**
 * The organization's first round of window counts (it has none yet): plain `INSERT`s after one
 * check that each service is the organization's, as for edges above.
 */
export async function insertNewServiceTelemetry(organizationId: string, rows: readonly TServiceWindowCounts[], now: Date): Promise<number> {
  return sumOverChunks(rows, UNNEST_ROWS_PER_STATEMENT, bulkWriteLanes(), (chunk) =>
    insertWithReferencesChecked(
      "new window counts",
      { organizationId, serviceIds: chunk.map((r) => r.serviceId) },
      {
        into: Prisma.sql`INSERT INTO "ServiceTelemetry" (${SERVICE_TELEMETRY_COLUMNS})`,
        rows: () => serviceTelemetryRows(organizationId, chunk, now),
        rowCount: chunk.length,
      },
    ),
  );
}
