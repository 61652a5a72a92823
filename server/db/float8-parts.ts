import { Prisma } from "@/server/db/generated/client.ts";

// Doubles for bulk statements, sent as integers. A `float8[]` literal of decimals
// (server/db/pg-array-literal.ts) makes the server run strtod() on every element. In
// PGlite (Postgres compiled to wasm32 with musl) strtod computes in 128-bit long double,
// which wasm has no instructions for, so each element goes through software float
// arithmetic: ~1 µs a value, 25 % of the embedded database's time in a mesh round's edge
// upsert, whose five doubles per edge are 500,000 values a round at 100,000 edges
// (docs/adr/011-mesh-ingest-writes.md, "float parsing on PGlite"). Integers parse with a
// plain loop. So each double x goes as an integer mantissa m and a binary exponent e with
// x = m × 2^e exactly, and SQL rebuilds it with one int8 → float8 conversion (exact: |m| <
// 2^53), one power of two (exact: every 2^e used is a double, and the power function is
// within one ulp, so it returns exact results exactly) and one multiplication (exact: the
// product is x itself).

/** Exponent sentinel for a value m × 2^e cannot spell: NaN (m = 0), +Infinity (m = 1), -Infinity (m = -1). */
const NON_FINITE = "NULL";

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
// Float64Array shares the platform's byte order: which word holds the sign and exponent.
const HIGH = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f ? 1 : 0;
const LOW = 1 - HIGH;

/** Trailing zero bits of a nonzero 32-bit word. */
function trailingZeros(word: number): number {
  return 31 - Math.clz32(word & -word);
}

/**
 * The two array literals of `values` (cast with `::int8[]` and `::int4[]`): integer
 * mantissas, odd or zero, and binary exponents. null is NULL in both; NaN and ±Infinity
 * have a NULL exponent and the mantissa 0, 1 or -1; -0 is written as 0, as the decimal
 * literal did. Read back with `float8FromParts`.
 */
export function float8PartsArrayLiterals(values: readonly (number | null)[]): { mantissas: string; exponents: string } {
  const mantissas = new Array<string>(values.length);
  const exponents = new Array<string>(values.length);
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i];
    if (value === null || value === undefined) {
      mantissas[i] = "NULL";
      exponents[i] = "NULL";
    } else if (value === 0) {
      mantissas[i] = "0";
      exponents[i] = "0";
    } else if (!Number.isFinite(value)) {
      mantissas[i] = Number.isNaN(value) ? "0" : value > 0 ? "1" : "-1";
      exponents[i] = NON_FINITE;
    } else {
      bits[0] = value;
      const high = words[HIGH] ?? 0;
      let low = words[LOW] ?? 0;
      const biased = (high >>> 20) & 0x7ff;
      // Subnormals have no implicit leading bit and the exponent of the smallest normal.
      let top = biased === 0 ? high & 0xfffff : (high & 0xfffff) | 0x100000;
      let exponent = biased === 0 ? -1074 : biased - 1075;
      // Dropping trailing zero bits keeps round values short (1 is 1 × 2^0, not 2^52 × 2^-52).
      if (low === 0) {
        low = top;
        top = 0;
        exponent += 32;
      }
      const shift = trailingZeros(low);
      if (shift > 0) {
        low = ((low >>> shift) | (top << (32 - shift))) >>> 0;
        top >>>= shift;
        exponent += shift;
      }
      const mantissa = top * 4_294_967_296 + low;
      mantissas[i] = high >>> 31 === 1 ? `-${mantissa}` : String(mantissa);
      exponents[i] = String(exponent);
    }
  }
  return { mantissas: `{${mantissas.join(",")}}`, exponents: `{${exponents.join(",")}}` };
}

/** The double `float8PartsArrayLiterals` wrote as mantissa `m` (int8) and exponent `e` (int4), in SQL. */
export function float8FromParts(mantissa: Prisma.Sql, exponent: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(CASE WHEN ${exponent} IS NOT NULL THEN ${mantissa}::float8 * power(2::float8, ${exponent}::float8)
    WHEN ${mantissa} = 0 THEN 'NaN'::float8 WHEN ${mantissa} > 0 THEN 'Infinity'::float8 WHEN ${mantissa} < 0 THEN '-Infinity'::float8 END)`;
}
