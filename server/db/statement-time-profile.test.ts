import { describe, expect, it } from "vitest";
import { StatementTimeProfile, statementKey } from "./statement-time-profile.ts";

describe("statementKey", () => {
  it("folds parameter lists and VALUES rows, so one statement shape is one key", () => {
    expect(statementKey(`SELECT "id"\n  FROM "Service" WHERE "id" IN ($1, $2,$3) AND "organizationId" = $4`)).toBe(`SELECT "id" FROM "Service" WHERE "id" IN ($n) AND "organizationId" = $4`);
    expect(statementKey(`SELECT "id" FROM "Service" WHERE "id" IN ($1,$2) AND "organizationId" = $3`)).toBe(`SELECT "id" FROM "Service" WHERE "id" IN ($n) AND "organizationId" = $3`);
    expect(statementKey(`INSERT INTO "Edge" ("a","b") VALUES ($1,$2), ($3,$4), ($5,$6)`)).toBe(`INSERT INTO "Edge" ("a","b") VALUES ($n)`);
  });
});

describe("StatementTimeProfile", () => {
  it("sums time by statement shape, most first, and starts again on reset", () => {
    const profile = new StatementTimeProfile();
    profile.record(`SELECT 1 WHERE x IN ($1,$2)`, 5);
    profile.record(`SELECT 1 WHERE x IN ($1,$2,$3)`, 7);
    profile.record(`SELECT 2`, 9);
    const read = profile.read(10);
    expect(read.statements).toBe(3);
    expect(read.totalMs).toBe(21);
    expect(read.top).toEqual([
      { sql: "SELECT 1 WHERE x IN ($n)", count: 2, totalMs: 12, maxMs: 7 },
      { sql: "SELECT 2", count: 1, totalMs: 9, maxMs: 9 },
    ]);
    expect(read.longest.map((entry) => entry.sql)).toEqual(["SELECT 2", "SELECT 1 WHERE x IN ($n)"]);
    expect(profile.read(1).top).toHaveLength(1);
    profile.reset();
    expect(profile.read(10)).toMatchObject({ statements: 0, totalMs: 0, top: [], longest: [] });
  });
});
