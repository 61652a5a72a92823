import { createHash } from "node:crypto";

/**
 * Put first in a raw statement's SQL to have Postgres prepare it once per pooled connection
 * (docs/adr/012-gate-throughput.md): later runs send only the parameters, and Postgres
 * skips parsing and planning the statement again. Only for hot statements whose text is
 * fixed (every value a parameter): each distinct text marked this way stays prepared on
 * every connection for the connection's life. Other statements stay unnamed, since
 * Prisma's generated SQL varies with its arguments (IN lists) and would pile up.
 * On PGlite the marker is only a comment.
 */
export const PREPARED = "/* plumbline:prepared */";

const names = new Map<string, string>();

/** pg's statement name for a marked statement ("" leaves it unnamed), stable for the same text. */
export function preparedStatementName(query: { sql: string }): string {
  if (!query.sql.startsWith(PREPARED)) return "";
  let name = names.get(query.sql);
  if (name === undefined) {
    name = `plumbline_${createHash("sha256").update(query.sql).digest("hex").slice(0, 24)}`;
    names.set(query.sql, name);
  }
  return name;
}
