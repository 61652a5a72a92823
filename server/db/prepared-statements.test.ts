import { describe, expect, it } from "vitest";
import { PREPARED, preparedStatementName } from "./prepared-statements.ts";

describe("preparedStatementName", () => {
  it("leaves statements without the marker unnamed (pg sends them unprepared)", () => {
    expect(preparedStatementName({ sql: 'SELECT "id" FROM "Team" WHERE "slug" IN ($1, $2)' })).toBe("");
    expect(preparedStatementName({ sql: `SELECT 1 ${PREPARED}` })).toBe("");
  });

  it("names a marked statement by its text: the same text the same name, another text another name", () => {
    const read = `${PREPARED} SELECT "id" FROM "Service" WHERE "organizationId" = $1 AND "slug" = $2`;
    const write = `${PREPARED} INSERT INTO "DeployRequest" ("id") VALUES ($1)`;
    const name = preparedStatementName({ sql: read });
    expect(name).toMatch(/^plumbline_[0-9a-f]{24}$/);
    expect(preparedStatementName({ sql: `${read}` })).toBe(name);
    expect(preparedStatementName({ sql: write })).not.toBe(name);
  });
});
