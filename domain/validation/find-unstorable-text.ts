/** A lone UTF-16 surrogate: half of a pair, with no other half (it cannot be encoded as UTF-8). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export interface TUnstorableText {
  /** Where the string is, as a person reads it: `files.0.text`, `(root)`, or a key itself. */
  field: string;
  reason: "nul" | "lone_surrogate";
}

/**
 * Finds the first string (value or object key) in parsed JSON that Postgres cannot store:
 * a NUL character (text and jsonb refuse U+0000) or a lone surrogate (not valid UTF-8).
 * Such input is answered with a 400 naming the field, instead of failing at the database.
 */
export function findUnstorableText(value: unknown, path: readonly (string | number)[] = []): TUnstorableText | null {
  if (typeof value === "string") {
    const reason = unstorableReason(value);
    return reason ? { field: formatPath(path), reason } : null;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnstorableText(item, [...path, index]);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const keyReason = unstorableReason(key);
      if (keyReason) return { field: `${formatPath(path) === "(root)" ? "" : `${formatPath(path)}.`}(a key)`, reason: keyReason };
      const found = findUnstorableText(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

function unstorableReason(text: string): TUnstorableText["reason"] | null {
  if (text.includes("\u0000")) return "nul";
  if (LONE_SURROGATE.test(text)) return "lone_surrogate";
  return null;
}

function formatPath(path: readonly (string | number)[]): string {
  return path.length === 0 ? "(root)" : path.join(".");
}

/** The message a person reads for it. */
export function describeUnstorableText(found: TUnstorableText): string {
  const what = found.reason === "nul" ? "a NUL character (\\u0000)" : "a lone UTF-16 surrogate (half of an emoji or other pair)";
  return `${found.field} contains ${what}, which cannot be stored; remove it and send the request again.`;
}
