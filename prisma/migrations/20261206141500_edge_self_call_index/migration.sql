-- The count of dependencies (home, the graph, the start-up console) is read from the dependents
-- counts the edge triggers keep, less the services that call themselves
-- (server/catalog/catalog-dependencies.repository.ts). Without this index finding those was a
-- pass over every edge of the organization; self-calls are few, so the index is small. Partial,
-- so it lives only here (server/db/sql-only-indexes.ts).
CREATE INDEX "Edge_self_call_idx" ON "Edge"("organizationId", "calleeId") WHERE "callerId" = "calleeId" AND "goneAt" IS NULL;
