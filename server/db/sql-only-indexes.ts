/**
 * Indexes created by hand-written migration SQL and deliberately absent from
 * prisma/schema.prisma: Prisma's schema engine (wasm, as used by `npm run db:migrate:new`)
 * does not see GIN indexes when it describes the shadow database, so a declared one would be
 * created again by every later migration; a partial index (WHERE …) cannot be declared in the
 * schema at all (checked: the diff leaves it alone). The schema drift test expects exactly these extra.
 */
export const SQL_ONLY_INDEXES: readonly string[] = [
  "Service_name_trgm_idx",
  "Service_slug_trgm_idx",
  "Service_search_trgm_idx",
  "Service_tags_idx",
  "Edge_self_call_idx",
];
