/**
 * A `Record<string, number>` for keys that look like integers ("100", "250"), built
 * compact. V8 stores integer-like keys as array elements: assigning `o["250"] = x` to an
 * empty object allocates a 251-slot backing store (~3 KB; ~12 KB for "1000"), which over
 * 80,000 window counts is hundreds of MB. JSON.parse sizes the store to the keys given.
 * Non-finite values are dropped (JSON has no NaN): a count that is not a number is unknown.
 */
export function compactNumberRecord(entries: Iterable<readonly [string, number]>): Record<string, number> {
  const parts: string[] = [];
  for (const [key, value] of entries) {
    if (Number.isFinite(value)) parts.push(`${JSON.stringify(key)}:${value}`);
  }
  return JSON.parse(`{${parts.join(",")}}`) as Record<string, number>;
}
