/**
 * Indexes created by hand-written migration SQL and deliberately absent from
 * prisma/schema.prisma: Prisma's schema engine (wasm, as used by `npm run db:migrate:new`)
 * does not see GIN indexes when it describes the shadow database, so a declared one would be
 * created again by every later migration. The schema drift test expects exactly these extra.
 */
export const SQL_ONLY_INDEXES: readonly string[] = [
  "Service_name_trgm_idx",
  "Service_slug_trgm_idx",
  "Service_search_trgm_idx",
  "Service_tags_idx",
];
