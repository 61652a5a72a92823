import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/server/db/client.ts";
import { Prisma } from "@/server/db/generated/client.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { textArrayLiteral } from "./pg-array-literal.ts";
import { statementOrderedId } from "./statement-ordered-ids.ts";

const UUID_V4_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe.each(TEST_DATABASE_KINDS)("statement-ordered ids on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await db.close();
  });

  async function idsFor(values: string[]): Promise<string[]> {
    const rows = await getPrisma().$queryRaw<{ id: string }[]>`
      SELECT ${statementOrderedId(Prisma.sql`t.n`)} AS id
      FROM unnest(${textArrayLiteral(values)}::text[]) WITH ORDINALITY AS t(value, n) ORDER BY t.n`;
    return rows.map((row) => row.id);
  }

  it("gives each row a UUID-shaped id, one random prefix per statement, ascending with the row", async () => {
    const values = Array.from({ length: 300 }, (_, i) => `row-${i}`);
    const ids = await idsFor(values);
    expect(ids).toHaveLength(300);
    for (const id of ids) expect(id).toMatch(UUID_V4_SHAPE);
    expect(new Set(ids.map((id) => id.slice(0, 24))).size).toBe(1);
    expect([...ids].sort()).toEqual(ids);
    expect(ids[0]?.slice(24)).toBe("000000000001");
    expect(ids[299]?.slice(24)).toBe("00000000012c");
  });

  it("draws a new prefix for every statement, so two statements' ids never meet", async () => {
    const [first, second] = [await idsFor(["a", "b"]), await idsFor(["a", "b"])];
    expect(first[0]?.slice(0, 24)).not.toBe(second[0]?.slice(0, 24));
    expect(new Set([...first, ...second]).size).toBe(4);
  });
});
