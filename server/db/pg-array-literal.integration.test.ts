import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/server/db/client.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { float8ArrayLiteral, textArrayLiteral } from "./pg-array-literal.ts";

describe.each(TEST_DATABASE_KINDS)("Postgres array literals read back by %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await db.close();
  });

  it("unnests text elements exactly as written, quotes, backslashes, braces, JSON and nulls included", async () => {
    const texts = ["plain", 'say "hi"', "back\\slash", "", "{,}", "NULL", JSON.stringify({ "v2": { rate: 1.5, note: 'a "b"' } }), "ünïcode ✓", null];
    const rows = await getPrisma().$queryRaw<{ value: string | null }[]>`
      SELECT t.value FROM unnest(${textArrayLiteral(texts)}::text[]) WITH ORDINALITY AS t(value, n) ORDER BY t.n`;
    expect(rows.map((r) => r.value)).toEqual(texts);
  });

  it("unnests doubles to the same doubles, non-finite and null included", async () => {
    const numbers = [1.5, 0.1 + 0.2, 1 / 3, 1e-300, 123456789.123456789, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, null];
    const rows = await getPrisma().$queryRaw<{ value: number | null }[]>`
      SELECT t.value FROM unnest(${float8ArrayLiteral(numbers)}::float8[]) WITH ORDINALITY AS t(value, n) ORDER BY t.n`;
    expect(rows.map((r) => r.value)).toEqual(numbers);
  });
});
