-- The update trigger of "Edge" (migration 20261205063658_service_dependent_count) joined
-- its old and new transition tables on id. PL/pgSQL plans that query once per connection
-- and keeps the plan: a connection whose first UPDATE of "Edge" changed no rows (the mesh
-- round's "unstale" step, most rounds) planned a nested loop for two one-row tables, and
-- every later 10,000-row upsert on that connection compared 10,000 x 10,000 pairs: 9 s of
-- Postgres CPU per statement, 18-19 s per steady mesh round against 2 s without the
-- trigger (docs/adr/011-mesh-ingest-writes.md). The changed callees are found instead
-- with two EXCEPTs, which read each transition table once whatever plan was cached: an
-- active (organization, id, caller, callee) tuple present on one side and not on the
-- other is an edge that appeared, went, or changed its caller or callee. Its old and new
-- callees are the ones recounted, as before (a callee recounted without need costs a
-- count, never a wrong number).
--
-- The migration tool splits scripts on semicolons, so the PL/pgSQL body is an E-string
-- with each semicolon written as the octal escape 073, and no comment here has one.
CREATE OR REPLACE FUNCTION "plumbline_edges_updated"() RETURNS trigger LANGUAGE plpgsql AS E'
DECLARE
  r record\073
BEGIN
  FOR r IN SELECT c."org", array_agg(DISTINCT c."calleeId") AS ids FROM (
             (SELECT o."organizationId" AS "org", o."id", o."callerId", o."calleeId" FROM old_edges o WHERE o."goneAt" IS NULL
              EXCEPT
              SELECT n."organizationId", n."id", n."callerId", n."calleeId" FROM new_edges n WHERE n."goneAt" IS NULL)
             UNION ALL
             (SELECT n."organizationId", n."id", n."callerId", n."calleeId" FROM new_edges n WHERE n."goneAt" IS NULL
              EXCEPT
              SELECT o."organizationId", o."id", o."callerId", o."calleeId" FROM old_edges o WHERE o."goneAt" IS NULL)
           ) c GROUP BY c."org" LOOP
    PERFORM "plumbline_dependents_changed"(r.org, r.ids)\073
  END LOOP\073
  RETURN NULL\073
END';
