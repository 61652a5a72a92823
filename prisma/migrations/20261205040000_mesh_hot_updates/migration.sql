-- Mesh ingest rewrites most rows of these tables every round (rates, counts and coverage
-- move every scrape). Free room in each page lets Postgres update a row in place as a
-- heap-only tuple (HOT: none of their indexed columns change), so a round neither
-- touches their indexes nor spreads new row versions over fresh pages. The dead
-- version is pruned from its page on the next visit. Cost: the tables take up to twice
-- the space. Applies to pages written from now on (VACUUM FULL applies it at once).
-- Storage parameters are not part of the Prisma schema, so the drift check ignores them.
-- No semicolon in these comments: the Postgres adapter splits scripts on it.
ALTER TABLE "Edge" SET (fillfactor = 50);
ALTER TABLE "ServiceTelemetry" SET (fillfactor = 50);
ALTER TABLE "TelemetryCoverageEndpoint" SET (fillfactor = 50);
