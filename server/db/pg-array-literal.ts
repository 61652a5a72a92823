// Bulk statements bind one array per column (`unnest($1::text[], $2::float8[], …)`). Passed
// as JavaScript arrays, every element goes through Prisma's argument serialization and
// then node-postgres's per-element escaping: at 100,000 rows × 10 columns per mesh round
// that was ~2 s of CPU. Passed as one Postgres array literal (text, cast to the array type
// in SQL), each column is a single string built with one join, and the server parses it.

/** `{"a","b\"c",NULL}`: every element quoted (backslash and double quote escaped), null as NULL. Cast with `::text[]`. */
export function textArrayLiteral(values: readonly (string | null)[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i];
    if (value === null || value === undefined) parts[i] = "NULL";
    // Most elements (ids, keys) have nothing to escape: skip the regex replace for them.
    else if (value.indexOf('"') === -1 && value.indexOf("\\") === -1) parts[i] = `"${value}"`;
    else parts[i] = `"${value.replace(/[\\"]/g, "\\$&")}"`;
  }
  return `{${parts.join(",")}}`;
}

/**
 * `{1.5,NaN,NULL}`: JavaScript's shortest round-trip decimal, which float8 input reads
 * back to the same double; NaN and ±Infinity as Postgres spells them; null as NULL. Cast
 * with `::float8[]`.
 */
export function float8ArrayLiteral(values: readonly (number | null)[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i];
    parts[i] = value === null || value === undefined ? "NULL" : String(value);
  }
  return `{${parts.join(",")}}`;
}
