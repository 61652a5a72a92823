-- Dependents counts move from a column of "Service" to a table of their own, one row per
-- service. A recount rewrites thousands of counts at once (a first mesh round of 10,000
-- services: ~9,000), and no such update of "Service" was HOT (the count is in the sort
-- index), so each was a new entry in all ten of its indexes, three of them trigram GINs:
-- ~1.0-1.2 s of the embedded database's first mesh round. Here a changed count is a new
-- entry in two small B-trees (docs/adr/011-mesh-ingest-writes.md).
--
-- The migration tool splits scripts on semicolons, so the PL/pgSQL bodies are E-strings
-- with each semicolon written as the octal escape 073, and no comment here has one.

-- CreateTable
CREATE TABLE "ServiceDependentCount" (
    "serviceId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ServiceDependentCount_pkey" PRIMARY KEY ("serviceId")
);

-- Backfill: every service's count as the triggers kept it.
INSERT INTO "ServiceDependentCount" ("serviceId", "organizationId", "count")
  SELECT "id", "organizationId", "dependentCount" FROM "Service";

-- CreateIndex
CREATE INDEX "ServiceDependentCount_organizationId_count_serviceId_idx" ON "ServiceDependentCount"("organizationId", "count", "serviceId");

-- AddForeignKey
ALTER TABLE "ServiceDependentCount" ADD CONSTRAINT "ServiceDependentCount_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- DropIndex
DROP INDEX "Service_organizationId_dependentCount_id_idx";

-- AlterTable
ALTER TABLE "Service" DROP COLUMN "dependentCount";

-- Every service has its row from its insert on (the catalog's sort joins it and walks the
-- count index). Only inserted rows are in the transition table: an INSERT ... ON CONFLICT
-- DO UPDATE that updated a service adds nothing. Deleting a service cascades to its row.
CREATE FUNCTION "plumbline_services_inserted"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "ServiceDependentCount" ("serviceId", "organizationId", "count")
    SELECT n."id", n."organizationId", 0 FROM new_services n
    ON CONFLICT ("serviceId") DO NOTHING\073
  RETURN NULL\073
END';

CREATE TRIGGER "Service_dependent_count_row" AFTER INSERT ON "Service"
  REFERENCING NEW TABLE AS new_services FOR EACH STATEMENT EXECUTE FUNCTION "plumbline_services_inserted"();

-- The recount as in 20261205101500_dependent_count_recount_plan, on the counts' rows: it
-- locks them (FOR NO KEY UPDATE SKIP LOCKED, in id order) instead of the service rows, so an
-- import holding a service row no longer makes its count wait for a later settle, and a mesh
-- round's foreign-key checks (FOR KEY SHARE on services) never meet a recount's update.
-- What another recount holds is skipped and marked, as before.
CREATE OR REPLACE FUNCTION "plumbline_recount_dependents"(org text, callee_ids text[]) RETURNS integer LANGUAGE plpgsql AS E'
DECLARE
  locked text[]\073
  changed integer\073
BEGIN
  IF callee_ids IS NULL THEN
    SELECT coalesce(array_agg(l."serviceId"), ARRAY[]::text[]) INTO locked FROM (
      SELECT d."serviceId" FROM "ServiceDependentCount" d WHERE d."organizationId" = org ORDER BY d."serviceId" FOR NO KEY UPDATE SKIP LOCKED
    ) l\073
    UPDATE "ServiceDependentCount" d SET "count" = c."n"
      FROM (SELECT l."id", coalesce(x."n", 0) AS "n" FROM unnest(locked) AS l("id")
              LEFT JOIN (SELECT e."calleeId", count(DISTINCT coalesce(e."callerId", ''~unknown''))::int AS "n" FROM "Edge" e
                          WHERE e."organizationId" = org AND e."goneAt" IS NULL GROUP BY e."calleeId") x ON x."calleeId" = l."id") c
     WHERE d."serviceId" = c."id" AND d."count" <> c."n"\073
    GET DIAGNOSTICS changed = ROW_COUNT\073
    INSERT INTO "DependentCountRecount" ("organizationId", "serviceId")
      SELECT org, x."id" FROM (SELECT d."serviceId" AS "id" FROM "ServiceDependentCount" d WHERE d."organizationId" = org
                               EXCEPT SELECT unnest(locked)) x
       WHERE EXISTS (SELECT 1 FROM "Organization" o WHERE o."id" = org)\073
  ELSE
    SELECT coalesce(array_agg(l."serviceId"), ARRAY[]::text[]) INTO locked FROM (
      SELECT d."serviceId" FROM "ServiceDependentCount" d WHERE d."serviceId" = ANY(callee_ids) AND d."organizationId" = org ORDER BY d."serviceId" FOR NO KEY UPDATE SKIP LOCKED
    ) l\073
    UPDATE "ServiceDependentCount" d SET "count" = c."n"
      FROM (SELECT l."id", (SELECT count(DISTINCT coalesce(e."callerId", ''~unknown''))::int FROM "Edge" e
                             WHERE e."organizationId" = org AND e."calleeId" = l."id" AND e."goneAt" IS NULL) AS "n"
              FROM unnest(locked) AS l("id")) c
     WHERE d."serviceId" = c."id" AND d."count" <> c."n"\073
    GET DIAGNOSTICS changed = ROW_COUNT\073
    INSERT INTO "DependentCountRecount" ("organizationId", "serviceId")
      SELECT org, x."id" FROM (SELECT d."serviceId" AS "id" FROM "ServiceDependentCount" d WHERE d."serviceId" = ANY(callee_ids) AND d."organizationId" = org
                               EXCEPT SELECT unnest(locked)) x
       WHERE EXISTS (SELECT 1 FROM "Organization" o WHERE o."id" = org)\073
  END IF\073
  RETURN changed\073
END';
