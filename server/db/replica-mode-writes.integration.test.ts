import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/server/db/client.ts";
import { openTestDatabase } from "@/server/testing/test-databases.ts";

// On the embedded database some bulk writes run with `session_replication_role = replica`
// (server/db/replica-mode-write.ts, used by server/db/checked-insert.repository.ts and
// writeSloEvaluations in server/slo/slo.repository.ts),
// which skips every ordinary trigger of the tables they write, not only the foreign keys'
// checks. Those writes replay by hand what the triggers listed here do. A trigger added to one
// of these tables later would be skipped silently there: this test names it, so whoever adds
// it also makes the replica-mode writes do its work (or stop using replica mode).
const TABLES_WRITTEN_IN_REPLICA_MODE = ["Edge", "ServiceTelemetry", "TelemetryCoverageEndpoint", "Slo", "SloStatusSnapshot"];
const TRIGGERS_THE_WRITES_REPLAY = [
  // insertNewMeshEdges settles the dependent counts itself after its insert.
  "Edge.Edge_dependent_count_delete",
  "Edge.Edge_dependent_count_insert",
  "Edge.Edge_dependent_count_update",
];

describe("tables written in replica mode on the embedded database", () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase("pglite");
  });
  afterAll(async () => {
    await db?.close();
  });

  it("have no trigger but the ones those writes replay (foreign keys' internal triggers aside)", async () => {
    const triggers = await getPrisma().$queryRaw<{ name: string }[]>`
      SELECT c.relname || '.' || t.tgname AS "name"
      FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE NOT t.tgisinternal AND c.relname = ANY(${TABLES_WRITTEN_IN_REPLICA_MODE}::text[])
      ORDER BY 1`;
    expect(triggers.map((trigger) => trigger.name)).toEqual(TRIGGERS_THE_WRITES_REPLAY);
  });

  it("have their foreign keys (what the writes check themselves instead)", async () => {
    const keys = await getPrisma().$queryRaw<{ table: string; keys: number }[]>`
      SELECT c.relname AS "table", count(*)::int AS "keys"
      FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
      WHERE k.contype = 'f' AND c.relname = ANY(${TABLES_WRITTEN_IN_REPLICA_MODE}::text[])
      GROUP BY 1 ORDER BY 1`;
    expect(keys.length).toBe(TABLES_WRITTEN_IN_REPLICA_MODE.length);
  });
});
