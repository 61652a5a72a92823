import { createHash } from "node:crypto";
import { getDbHandle } from "./client.ts";

/**
 * A hot statement with a fixed text (every value a `$n` parameter), run straight on the pg
 * pool instead of through Prisma's raw-query machinery (docs/adr/013-gate-read-plan-and-group-commit.md):
 * the deploy gate's read and write run once per decision, and Prisma's per-statement work
 * (argument mapping, the query interpreter, result conversion) was a measurable share of the
 * web process's CPU per decision. The statement is prepared once per pooled connection under
 * a name derived from its text, so later runs send only the parameters and Postgres skips
 * parsing it again. Only for a handful of statements: each stays prepared on every
 * connection for the connection's life.
 *
 * Rows come back as pg parses them (json → objects, timestamptz → Date, float8 → number);
 * errors are pg's (`code` is the SQLSTATE, e.g. 23505). On PGlite, and on handles built
 * without a pool, the same text and values go through Prisma ($queryRawUnsafe), whose
 * errors carry the SQLSTATE in `meta` (isUniqueViolation and isDatabaseUnavailable read both).
 */
export interface TDirectStatement {
  readonly name: string;
  readonly text: string;
}

export function directStatement(text: string): TDirectStatement {
  return { name: `plumbline_${createHash("sha256").update(text).digest("hex").slice(0, 24)}`, text };
}

export async function runDirectStatement<TRow>(statement: TDirectStatement, values: readonly unknown[]): Promise<TRow[]> {
  const handle = getDbHandle();
  if (handle.pool) {
    const result = await handle.pool.query({ name: statement.name, text: statement.text, values: [...values] });
    return result.rows as TRow[];
  }
  return handle.prisma.$queryRawUnsafe<TRow[]>(statement.text, ...values);
}
