import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";

/**
 * Extensions every embedded database loads, so migrations that need them apply on
 * PGlite exactly as on Postgres (pg_trgm: trigram GIN indexes for catalog search).
 * Every `new PGlite(...)` that migrations run on must pass these, the shadow database too.
 */
export const PGLITE_EXTENSIONS = { pg_trgm } as const;
