-- The recount of dependents (migration 20261205063658_service_dependent_count) marks the
-- services it could not lock. It found them with an anti-join of the organization's
-- services against the array of locked ids, planned from the table's statistics: right
-- after 10,000 services were inserted and before autoanalyze had run, the planner expected
-- one service and chose a nested loop over the unnested array, 5 x 10^7 comparisons, ~2 s
-- of Postgres CPU in the recount after a first mesh round (0.4 s otherwise). It made the
-- first round's Postgres CPU ~5.8 s or ~7.8 s depending on when autoanalyze had run
-- (docs/adr/011-mesh-ingest-writes.md). An EXCEPT reads each side once whatever the
-- estimates: the same rows, without a plan that can go quadratic.
--
-- The migration tool splits scripts on semicolons, so the PL/pgSQL body is an E-string
-- with each semicolon written as the octal escape 073, and no comment here has one.
CREATE OR REPLACE FUNCTION "plumbline_recount_dependents"(org text, callee_ids text[]) RETURNS integer LANGUAGE plpgsql AS E'
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
      SELECT org, x."id" FROM (SELECT s."id" FROM "Service" s WHERE s."organizationId" = org
                               EXCEPT SELECT unnest(locked)) x
       WHERE EXISTS (SELECT 1 FROM "Organization" o WHERE o."id" = org)\073
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
      SELECT org, x."id" FROM (SELECT s."id" FROM "Service" s WHERE s."id" = ANY(callee_ids) AND s."organizationId" = org
                               EXCEPT SELECT unnest(locked)) x
       WHERE EXISTS (SELECT 1 FROM "Organization" o WHERE o."id" = org)\073
  END IF\073
  RETURN changed\073
END';
