-- Catalog search: trigram indexes answer ILIKE '%q%' without a scan. pg_trgm ships with Postgres (contrib)
-- and is loaded into every embedded PGlite (server/db/pglite-extensions.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "Service_name_trgm_idx" ON "Service" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Service_slug_trgm_idx" ON "Service" USING GIN ("slug" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Service_description_trgm_idx" ON "Service" USING GIN ("description" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Service_tags_idx" ON "Service" USING GIN ("tags");
