import { describe, expect, it } from "vitest";
import { decideTableMaintenance, maintenanceStatements, planMaintenance, type TTableMaintenanceStats } from "./table-maintenance.ts";

const quiet: TTableMaintenanceStats = {
  schema: "public",
  table: "Edge",
  reltuples: 1000,
  relpages: 20,
  deadTuples: 0,
  insertedSinceVacuum: 0,
  modifiedSinceAnalyze: 0,
  frozenXidAge: 1000,
};

describe("decideTableMaintenance (autovacuum's rules)", () => {
  it("leaves a table below every threshold alone", () => {
    // 1,000 rows: vacuum above 50 + 200 dead, analyze above 50 + 100 modified, inserts above 1,000 + 200.
    expect(decideTableMaintenance({ ...quiet, deadTuples: 250, modifiedSinceAnalyze: 150, insertedSinceVacuum: 1200 })).toBeNull();
  });

  it("vacuums above 50 + 20 % dead tuples, and analyzes too when the modifications also passed theirs", () => {
    expect(decideTableMaintenance({ ...quiet, deadTuples: 251 })).toEqual({ schema: "public", table: "Edge", vacuum: true, analyze: false, reasons: ["dead_tuples"] });
    expect(decideTableMaintenance({ ...quiet, deadTuples: 251, modifiedSinceAnalyze: 251 })).toMatchObject({ vacuum: true, analyze: true, reasons: ["dead_tuples", "modified"] });
  });

  it("analyzes alone above 50 + 10 % modifications", () => {
    expect(decideTableMaintenance({ ...quiet, modifiedSinceAnalyze: 151 })).toMatchObject({ vacuum: false, analyze: true, reasons: ["modified"] });
  });

  it("vacuums an insert-only table above 1,000 + 20 % inserts, and one nearing transaction-id wraparound", () => {
    expect(decideTableMaintenance({ ...quiet, insertedSinceVacuum: 1201 })).toMatchObject({ vacuum: true, reasons: ["inserts"] });
    expect(decideTableMaintenance({ ...quiet, frozenXidAge: 200_000_001 })).toMatchObject({ vacuum: true, reasons: ["wraparound"] });
  });

  it("counts a never-analyzed table (reltuples −1) as empty, and analyzes it once it has pages", () => {
    expect(decideTableMaintenance({ ...quiet, reltuples: -1, relpages: 0, deadTuples: 50 })).toBeNull();
    expect(decideTableMaintenance({ ...quiet, reltuples: -1, relpages: 0, deadTuples: 51 })).toMatchObject({ vacuum: true, analyze: false });
    expect(decideTableMaintenance({ ...quiet, reltuples: -1, relpages: 1 })).toMatchObject({ vacuum: false, analyze: true, reasons: ["never_analyzed"] });
  });
});

describe("planMaintenance", () => {
  it("lists only the tables due, the most dead and modified rows first", () => {
    const plan = planMaintenance([
      { ...quiet, table: "Slo", deadTuples: 300 },
      { ...quiet, table: "Team" },
      { ...quiet, table: "ServiceTelemetry", deadTuples: 900, modifiedSinceAnalyze: 900 },
    ]);
    expect(plan.map((step) => step.table)).toEqual(["ServiceTelemetry", "Slo"]);
  });
});

describe("maintenanceStatements", () => {
  it("issues VACUUM and ANALYZE as two statements, never FULL, with the names quoted", () => {
    expect(maintenanceStatements({ schema: "pgboss", table: "job_common", vacuum: true, analyze: true })).toEqual([
      { action: "vacuum", sql: `VACUUM "pgboss"."job_common"` },
      { action: "analyze", sql: `ANALYZE "pgboss"."job_common"` },
    ]);
    expect(maintenanceStatements({ schema: "public", table: 'odd"name', vacuum: false, analyze: true })).toEqual([{ action: "analyze", sql: `ANALYZE "public"."odd""name"` }]);
  });
});
