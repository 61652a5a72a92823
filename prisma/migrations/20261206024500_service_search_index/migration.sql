-- Catalog search (server/catalog/catalog-service-page.repository.ts, serviceSearchCondition) matches
-- one text per service: lower(name, slug and description joined by U+0001), with LIKE. One
-- trigram index on exactly that expression answers `?q=` on both databases, and it replaces the
-- description index (nothing else searches descriptions). The name and slug indexes stay for
-- the Slack lookups (notifications-slack-status.repository.ts).
--
-- gin_pending_list_limit = 64 (kB, the least allowed) on every GIN index of "Service": with
-- fastupdate, inserted rows wait in a pending list that every search reads in full, and only
-- VACUUM (or an insert finding the list over its limit, 4 MB by default) moves them into the
-- index. The embedded database has no autovacuum (its maintenance job vacuums a table every
-- 5 minutes at most, once enough rows changed): on the bench data, 10,000 services inserted
-- and not yet vacuumed, a tags lookup that found nothing read the whole list, 20 ms, and the
-- planner preferred a scan of every service to the trigram indexes. 64 kB keeps inserts
-- batched and the list short between vacuums.
CREATE INDEX "Service_search_trgm_idx" ON "Service"
  USING GIN ((lower("name" || E'\x01' || "slug" || E'\x01' || coalesce("description", ''))) gin_trgm_ops)
  WITH (gin_pending_list_limit = 64);

DROP INDEX "Service_description_trgm_idx";

ALTER INDEX "Service_name_trgm_idx" SET (gin_pending_list_limit = 64);
ALTER INDEX "Service_slug_trgm_idx" SET (gin_pending_list_limit = 64);
ALTER INDEX "Service_tags_idx" SET (gin_pending_list_limit = 64);

-- What already waits in the pending lists: on an embedded database, its whole catalog.
SELECT gin_clean_pending_list('"Service_name_trgm_idx"'::regclass);
SELECT gin_clean_pending_list('"Service_slug_trgm_idx"'::regclass);
SELECT gin_clean_pending_list('"Service_tags_idx"'::regclass);
