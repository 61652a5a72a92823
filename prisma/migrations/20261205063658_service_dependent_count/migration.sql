-- AlterTable
ALTER TABLE "Service" ADD COLUMN     "dependentCount" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "DependentCountRecount" (
    "id" BIGSERIAL NOT NULL,
    "organizationId" TEXT NOT NULL,
    "serviceId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DependentCountRecount_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DependentCountRecount_organizationId_idx" ON "DependentCountRecount"("organizationId");

-- CreateIndex
CREATE INDEX "Service_organizationId_dependentCount_id_idx" ON "Service"("organizationId", "dependentCount", "id");

-- AddForeignKey
ALTER TABLE "DependentCountRecount" ADD CONSTRAINT "DependentCountRecount_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Dependents kept on the service row, so the catalog sorts by them without counting edges
-- (GET /api/v1/services?sort=dependents counted every match's edges before sorting).
-- Triggers on "Edge" find, per statement, the callees whose set of active callers it may
-- have changed: inserts, deletes (cascades from a deleted caller included), and updates
-- of goneAt, callerId or calleeId. Up to 100 callees are recounted at once, in the
-- writing statement's transaction. More (an import's chunk, a first mesh round, a seed)
-- leave one mark for the organization instead, and settleDependentCounts recounts all
-- its services in one grouped pass once the writer is done: row by row, a 100,000-edge
-- import would rewrite a service row per edge.
--
-- Concurrent writers: a recount locks the service rows first (in id order, FOR NO KEY
-- UPDATE, which foreign-key checks do not conflict with), then counts in a new statement,
-- whose snapshot includes every writer that held a lock before. A row another
-- transaction holds (an import that updated the service, another recount) is skipped,
-- never waited for, so no edge write waits on a long transaction or deadlocks on a
-- service row. The skipped service gets a mark, committed with the edge write, and
-- settleDependentCounts recounts it later the same way.
--
-- Marks are only written while the organization exists: deleting one cascades to its
-- edges, and a mark would then point at a row the same transaction deleted.
--
-- The migration tool splits scripts on semicolons, so the PL/pgSQL bodies are E-strings
-- with each semicolon written as the octal escape 073, and no comment here has one.

-- Recounts the services callee_ids names (every service of the organization when null).
-- Two branches rather than "callee_ids IS NULL OR ...": one cached plan for both would
-- not use the (organizationId, calleeId) index for a short list and scan every edge.
CREATE FUNCTION "plumbline_recount_dependents"(org text, callee_ids text[]) RETURNS integer LANGUAGE plpgsql AS E'
DECLARE
  locked text[]\073
  changed integer\073
BEGIN
  IF callee_ids IS NULL THEN
    SELECT coalesce(array_agg(l."id"), ARRAY[]::text[]) INTO locked FROM (
      SELECT s."id" FROM "Service" s WHERE s."organizationId" = org ORDER BY s."id" FOR NO KEY UPDATE SKIP LOCKED
    ) l\073
    UPDATE "Service" s SET "dependentCount" = c."n"
      FROM (SELECT l."id", coalesce(d."n", 0) AS "n" FROM unnest(locked) AS l("id")
              LEFT JOIN (SELECT e."calleeId", count(DISTINCT coalesce(e."callerId", ''~unknown''))::int AS "n" FROM "Edge" e
                          WHERE e."organizationId" = org AND e."goneAt" IS NULL GROUP BY e."calleeId") d ON d."calleeId" = l."id") c
     WHERE s."id" = c."id" AND s."dependentCount" <> c."n"\073
    GET DIAGNOSTICS changed = ROW_COUNT\073
    INSERT INTO "DependentCountRecount" ("organizationId", "serviceId")
      SELECT org, s."id" FROM "Service" s
       WHERE s."organizationId" = org AND NOT EXISTS (SELECT 1 FROM unnest(locked) AS l("id") WHERE l."id" = s."id")
         AND EXISTS (SELECT 1 FROM "Organization" o WHERE o."id" = org)\073
  ELSE
    SELECT coalesce(array_agg(l."id"), ARRAY[]::text[]) INTO locked FROM (
      SELECT s."id" FROM "Service" s WHERE s."id" = ANY(callee_ids) AND s."organizationId" = org ORDER BY s."id" FOR NO KEY UPDATE SKIP LOCKED
    ) l\073
    UPDATE "Service" s SET "dependentCount" = c."n"
      FROM (SELECT l."id", (SELECT count(DISTINCT coalesce(e."callerId", ''~unknown''))::int FROM "Edge" e
                             WHERE e."organizationId" = org AND e."calleeId" = l."id" AND e."goneAt" IS NULL) AS "n"
              FROM unnest(locked) AS l("id")) c
     WHERE s."id" = c."id" AND s."dependentCount" <> c."n"\073
    GET DIAGNOSTICS changed = ROW_COUNT\073
    INSERT INTO "DependentCountRecount" ("organizationId", "serviceId")
      SELECT org, s."id" FROM "Service" s
       WHERE s."id" = ANY(callee_ids) AND s."organizationId" = org AND s."id" <> ALL(locked)
         AND EXISTS (SELECT 1 FROM "Organization" o WHERE o."id" = org)\073
  END IF\073
  RETURN changed\073
END';

-- What a trigger does with one organization's callees whose callers may have changed.
CREATE FUNCTION "plumbline_dependents_changed"(org text, callee_ids text[]) RETURNS void LANGUAGE plpgsql AS E'
BEGIN
  IF cardinality(callee_ids) > 100 THEN
    INSERT INTO "DependentCountRecount" ("organizationId", "serviceId")
      SELECT org, NULL WHERE EXISTS (SELECT 1 FROM "Organization" o WHERE o."id" = org)\073
  ELSE
    PERFORM "plumbline_recount_dependents"(org, callee_ids)\073
  END IF\073
END';

CREATE FUNCTION "plumbline_edges_inserted"() RETURNS trigger LANGUAGE plpgsql AS E'
DECLARE
  r record\073
BEGIN
  FOR r IN SELECT n."organizationId" AS org, array_agg(DISTINCT n."calleeId") AS ids FROM new_edges n
            WHERE n."goneAt" IS NULL GROUP BY n."organizationId" LOOP
    PERFORM "plumbline_dependents_changed"(r.org, r.ids)\073
  END LOOP\073
  RETURN NULL\073
END';

CREATE FUNCTION "plumbline_edges_deleted"() RETURNS trigger LANGUAGE plpgsql AS E'
DECLARE
  r record\073
BEGIN
  FOR r IN SELECT o."organizationId" AS org, array_agg(DISTINCT o."calleeId") AS ids FROM old_edges o
            WHERE o."goneAt" IS NULL GROUP BY o."organizationId" LOOP
    PERFORM "plumbline_dependents_changed"(r.org, r.ids)\073
  END LOOP\073
  RETURN NULL\073
END';

CREATE FUNCTION "plumbline_edges_updated"() RETURNS trigger LANGUAGE plpgsql AS E'
DECLARE
  r record\073
BEGIN
  FOR r IN SELECT c."org", array_agg(DISTINCT c."calleeId") AS ids FROM (
             SELECT n."organizationId" AS "org", unnest(ARRAY[o."calleeId", n."calleeId"]) AS "calleeId"
               FROM old_edges o JOIN new_edges n ON n."id" = o."id"
              WHERE (o."goneAt" IS NULL OR n."goneAt" IS NULL)
                AND ((o."goneAt" IS NULL) <> (n."goneAt" IS NULL) OR o."calleeId" <> n."calleeId" OR o."callerId" IS DISTINCT FROM n."callerId")
           ) c GROUP BY c."org" LOOP
    PERFORM "plumbline_dependents_changed"(r.org, r.ids)\073
  END LOOP\073
  RETURN NULL\073
END';

CREATE TRIGGER "Edge_dependent_count_insert" AFTER INSERT ON "Edge"
  REFERENCING NEW TABLE AS new_edges FOR EACH STATEMENT EXECUTE FUNCTION "plumbline_edges_inserted"();
CREATE TRIGGER "Edge_dependent_count_delete" AFTER DELETE ON "Edge"
  REFERENCING OLD TABLE AS old_edges FOR EACH STATEMENT EXECUTE FUNCTION "plumbline_edges_deleted"();
CREATE TRIGGER "Edge_dependent_count_update" AFTER UPDATE ON "Edge"
  REFERENCING OLD TABLE AS old_edges NEW TABLE AS new_edges FOR EACH STATEMENT EXECUTE FUNCTION "plumbline_edges_updated"();

-- Backfill: every existing service's count, as the triggers keep it from now on.
UPDATE "Service" s SET "dependentCount" = c."n"
  FROM (SELECT "calleeId", count(DISTINCT coalesce("callerId", '~unknown'))::int AS "n" FROM "Edge"
         WHERE "goneAt" IS NULL GROUP BY "calleeId") c
 WHERE s."id" = c."calleeId";
