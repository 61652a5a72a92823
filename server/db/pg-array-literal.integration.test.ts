import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/server/db/client.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { float8FromParts, float8PartsArrayLiterals } from "./float8-parts.ts";
import { float8ArrayLiteral, textArrayLiteral } from "./pg-array-literal.ts";
import { Prisma } from "@/server/db/generated/client.ts";

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

  it("rebuilds doubles from integer mantissas and exponents to the same doubles, subnormal, extreme, non-finite and null included", async () => {
    const numbers = [
      1.5, 0.1 + 0.2, 1 / 3, 1e-300, 123456789.123456789, -2.5e10, 1, 0, Number.MIN_VALUE, 3 * Number.MIN_VALUE, 2.2250738585072014e-308,
      Number.MAX_VALUE, -Number.MAX_VALUE, Number.MAX_SAFE_INTEGER, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, null,
    ];
    // Values the mesh writes: rates and latencies with every digit.
    for (let i = 1; i <= 2_000; i += 1) numbers.push((i * 7919.123456789) / 977.3, -i / 3, 1 - 1 / (i + 0.7));
    const { mantissas, exponents } = float8PartsArrayLiterals(numbers);
    const rows = await getPrisma().$queryRaw<{ value: number | null; same: boolean | null }[]>`
      SELECT ${float8FromParts(Prisma.sql`t.m`, Prisma.sql`t.e`)} AS value,
             ${float8FromParts(Prisma.sql`t.m`, Prisma.sql`t.e`)} IS NOT DISTINCT FROM t.decimal AS same
        FROM unnest(${mantissas}::int8[], ${exponents}::int4[], ${float8ArrayLiteral(numbers)}::float8[]) WITH ORDINALITY AS t(m, e, decimal, n) ORDER BY t.n`;
    expect(rows.map((r) => r.value)).toEqual(numbers);
    // The same value the decimal literal gives the server (float8 equality: NaN equals NaN there).
    expect(rows.every((r) => r.same === true)).toBe(true);
  });
});
