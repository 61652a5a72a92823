import { Prisma } from "@/server/db/generated/client.ts";

/**
 * The id of row `ordinal` (1, 2, … from `unnest(…) WITH ORDINALITY`) of a bulk insert:
 * the first 24 characters of one random UUID drawn once for the statement, then the
 * ordinal as 12 hex digits — still a version-4-shaped UUID (`xxxxxxxx-xxxx-4xxx-yxxx-` +
 * counter), unique with 74 random bits per statement, and ascending within the statement.
 *
 * Why not `gen_random_uuid()` per row: a random key lands on a random leaf page of the
 * primary key's B-tree, so a bulk insert touches (and splits) pages all over the index.
 * Ascending keys fill one page after another. Measured on the first mesh round (empty
 * tables, 100,000 edges and 80,000 window counts): 0.4 s less Postgres CPU for the edges
 * and 0.25 s for the counts (docs/adr/011-mesh-ingest-writes.md). Rows that conflict and
 * update keep their id; the expression costs about what `gen_random_uuid()` did.
 */
export function statementOrderedId(ordinal: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`((SELECT left(gen_random_uuid()::text, 24)) || lpad(to_hex(${ordinal}), 12, '0'))`;
}

/** statementOrderedId as SQL text, for statements written as text (`ordinal` is an SQL expression, never a value). */
export function statementOrderedIdSql(ordinal: string): string {
  return `((SELECT left(gen_random_uuid()::text, 24)) || lpad(to_hex(${ordinal}), 12, '0'))`;
}
