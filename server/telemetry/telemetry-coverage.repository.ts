import type { TCoverageEndpoint } from "@/domain/telemetry/build-telemetry-coverage.ts";
import { chunksOf, UNNEST_ROWS_PER_STATEMENT } from "@/server/db/bulk-chunks.ts";
import { getPrisma } from "@/server/db/client.ts";
import { Prisma } from "@/server/db/generated/client.ts";
import { float8FromParts, float8PartsArrayLiterals } from "@/server/db/float8-parts.ts";
import { textArrayLiteral } from "@/server/db/pg-array-literal.ts";
import { insertWithReferencesCheckedIn } from "@/server/db/checked-insert.repository.ts";
import { statementOrderedId } from "@/server/db/statement-ordered-ids.ts";

// Coverage rows: what each telemetry source's last complete round named and how each
// endpoint was (or was not) attributed. Every statement is scoped by organizationId.

// Rows travel as column arrays through unnest() (one statement per chunk, ~12 bind
// parameters whatever its size, server/db/bulk-chunks.ts; each array one Postgres array
// literal, server/db/pg-array-literal.ts), as the edge writes do:
// row-by-row placeholders cost a parse per row and hit Postgres's 65,535-parameter limit.

/**
 * Replaces a source's coverage with this round's, in one transaction (readers never see
 * half): rows are upserted in place on their unique key (no column of an index changes
 * for an endpoint attributed as before, so Postgres rewrites the row without touching the
 * indexes), and only endpoints this round did not name are deleted — instead of deleting
 * and re-inserting every row, every round.
 */
export async function replaceTelemetryCoverage(organizationId: string, source: string, endpoints: readonly TCoverageEndpoint[], measuredAt: Date): Promise<number> {
  const prisma = getPrisma();
  await prisma.$transaction(
    async (tx) => {
      // The source's first complete round: nothing of it stored, so plain inserts after one
      // check of its organization and services (on PGlite without the foreign keys' per-row
      // checks; server/db/checked-insert.repository.ts), and nothing to delete.
      const [stored] = await tx.$queryRaw<{ any: boolean }[]>`
        SELECT EXISTS (SELECT 1 FROM "TelemetryCoverageEndpoint" WHERE "organizationId" = ${organizationId} AND "source" = ${source}) AS "any"`;
      const first = stored?.any === false;
      for (const chunk of chunksOf(endpoints, UNNEST_ROWS_PER_STATEMENT)) {
        const rows = coverageRows(organizationId, source, chunk, measuredAt);
        if (first) {
          await insertWithReferencesCheckedIn(
            tx,
            "new coverage rows",
            { organizationId, serviceIds: chunk.map((e) => e.serviceId) },
            { into: Prisma.sql`INSERT INTO "TelemetryCoverageEndpoint" (${COVERAGE_COLUMNS})`, rows: () => rows, rowCount: chunk.length },
          );
          continue;
        }
        await tx.$executeRaw`
          INSERT INTO "TelemetryCoverageEndpoint" (${COVERAGE_COLUMNS})
          ${rows}
          ON CONFLICT ("organizationId", "source", "role", "key") DO UPDATE SET
            "namespace" = EXCLUDED."namespace", "workload" = EXCLUDED."workload", "labels" = EXCLUDED."labels",
            "requestRate" = EXCLUDED."requestRate", "serviceId" = EXCLUDED."serviceId", "rule" = EXCLUDED."rule",
            "matchedName" = EXCLUDED."matchedName", "reason" = EXCLUDED."reason", "measuredAt" = EXCLUDED."measuredAt"`;
      }
      if (first) return;
      await tx.$executeRaw`
        DELETE FROM "TelemetryCoverageEndpoint"
        WHERE "organizationId" = ${organizationId} AND "source" = ${source} AND "measuredAt" IS DISTINCT FROM ${measuredAt}::timestamptz`;
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
  return endpoints.length;
}

const COVERAGE_COLUMNS = Prisma.raw(`"id", "organizationId", "source", "role", "key", "namespace", "workload", "labels",
  "requestRate", "serviceId", "rule", "matchedName", "reason", "measuredAt"`);

/** `SELECT … FROM unnest(…) AS t`: one row per endpoint of `chunk`, in COVERAGE_COLUMNS' order; `t.service_id` names the service (or is null). */
function coverageRows(organizationId: string, source: string, chunk: readonly TCoverageEndpoint[], measuredAt: Date): Prisma.Sql {
  // Doubles as integer mantissas and exponents (server/db/float8-parts.ts: decimals cost PGlite ~1 µs each).
  const rates = float8PartsArrayLiterals(chunk.map((e) => e.requestRate));
  return Prisma.sql`
    SELECT ${statementOrderedId(Prisma.sql`t.n`)}, ${organizationId}, ${source}, t.role, t.key, t.namespace, t.workload, t.labels::jsonb,
           ${float8FromParts(Prisma.sql`t.rate_m`, Prisma.sql`t.rate_e`)}, t.service_id, t.rule, t.matched_name, t.reason, ${measuredAt}::timestamptz
    FROM unnest(${textArrayLiteral(chunk.map((e) => e.role))}::text[], ${textArrayLiteral(chunk.map((e) => e.key))}::text[],
                ${textArrayLiteral(chunk.map((e) => e.namespace))}::text[], ${textArrayLiteral(chunk.map((e) => e.workload))}::text[],
                ${textArrayLiteral(chunk.map((e) => JSON.stringify(e.labels)))}::text[], ${rates.mantissas}::int8[], ${rates.exponents}::int4[],
                ${textArrayLiteral(chunk.map((e) => e.serviceId))}::text[], ${textArrayLiteral(chunk.map((e) => e.rule))}::text[],
                ${textArrayLiteral(chunk.map((e) => e.matchedName))}::text[], ${textArrayLiteral(chunk.map((e) => e.reason))}::text[])
         WITH ORDINALITY AS t(role, key, namespace, workload, labels, rate_m, rate_e, service_id, rule, matched_name, reason, n)`;
}

export interface TCoverageRow {
  source: string;
  role: string;
  key: string;
  namespace: string;
  workload: string;
  labels: unknown;
  requestRate: number;
  rule: string | null;
  matchedName: string | null;
  reason: string | null;
  measuredAt: Date;
  service: { slug: string; name: string } | null;
}

/** Every coverage row of the organization: unmatched first, busiest first. */
export async function findTelemetryCoverage(organizationId: string): Promise<TCoverageRow[]> {
  return getPrisma().telemetryCoverageEndpoint.findMany({
    where: { organizationId },
    select: {
      source: true,
      role: true,
      key: true,
      namespace: true,
      workload: true,
      labels: true,
      requestRate: true,
      rule: true,
      matchedName: true,
      reason: true,
      measuredAt: true,
      service: { select: { slug: true, name: true } },
    },
    orderBy: [{ source: "asc" }, { requestRate: "desc" }, { key: "asc" }, { role: "asc" }],
  });
}
