/**
 * JSON with object keys sorted at every level, so two bodies that mean the same thing
 * serialise to the same text whatever order a client wrote their fields in. Used to
 * hash deploy requests for Idempotency-Key checks. `undefined` members are dropped,
 * as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== undefined) sorted[key] = sortKeys(member);
  }
  return sorted;
}

type TJsonKind = "null" | "number" | "string" | "boolean" | "array" | "object" | "undefined";

/** How JSON.stringify treats a value, for plain data; null for anything else (Dates, Maps, functions, bigints…). */
function jsonKind(value: unknown): TJsonKind | null {
  if (value === null) return "null";
  switch (typeof value) {
    case "number":
      // JSON writes NaN and ±Infinity as null.
      return Number.isFinite(value) ? "number" : "null";
    case "string":
      return "string";
    case "boolean":
      return "boolean";
    case "undefined":
      return "undefined";
    case "object": {
      if (Array.isArray(value)) return "array";
      const prototype: unknown = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) return null;
      return typeof (value as { toJSON?: unknown }).toJSON === "function" ? null : "object";
    }
    default:
      return null;
  }
}

/** Decided for plain data (true/false); null when something else was met. */
function sameJson(a: unknown, b: unknown): boolean | null {
  if (a === b) return true;
  const kind = jsonKind(a);
  const other = jsonKind(b);
  if (kind === null || other === null) return null;
  if (kind !== other) return false;
  if (kind === "null") return true;
  if (kind === "array") {
    const left = a as unknown[];
    const right = b as unknown[];
    if (left.length !== right.length) return false;
    for (let i = 0; i < left.length; i++) {
      // In an array, undefined is written as null.
      const same = sameJson(left[i] === undefined ? null : left[i], right[i] === undefined ? null : right[i]);
      if (same !== true) return same;
    }
    return true;
  }
  if (kind === "object") {
    const left = a as Record<string, unknown>;
    const right = b as Record<string, unknown>;
    // Members that are undefined are left out, as sortKeys and JSON.stringify do (and a
    // function member too: anything but plain data goes to the text comparison).
    const leftKeys = Object.keys(left).filter((key) => left[key] !== undefined);
    const rightKeys = Object.keys(right).filter((key) => right[key] !== undefined);
    if (leftKeys.some((key) => jsonKind(left[key]) === null) || rightKeys.some((key) => jsonKind(right[key]) === null)) return null;
    if (leftKeys.length !== rightKeys.length) return false;
    for (const key of leftKeys) {
      if (!Object.hasOwn(right, key) || right[key] === undefined) return false;
      const same = sameJson(left[key], right[key]);
      if (same !== true) return same;
    }
    return true;
  }
  // Two different numbers, strings or booleans.
  return false;
}

/**
 * canonicalJson(a) === canonicalJson(b), without writing either text for plain data (what a
 * JSON column holds): the SLO cycle compares every SLO's stored burn rates and alerts with
 * new ones, thousands a minute. Anything that is not plain data is compared through the text.
 */
export function sameCanonicalJson(a: unknown, b: unknown): boolean {
  return sameJson(a, b) ?? canonicalJson(a) === canonicalJson(b);
}
