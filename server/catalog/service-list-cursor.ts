import type { TServiceSort } from "./catalog.schemas.ts";

/**
 * Keyset position in the services list: the last row's sort key and id. Opaque to
 * clients (base64url JSON) and bound to the sort and order it was made for, so a cursor
 * from another ordering is refused instead of silently skipping or repeating rows.
 */
export interface TServiceCursor {
  sort: TServiceSort;
  order: "asc" | "desc";
  /** The last row's sort key; null when it had none (those rows come last, ordered by id). */
  key: string | number | null;
  id: string;
}

export function encodeServiceCursor(cursor: TServiceCursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.order, cursor.key, cursor.id]), "utf8").toString("base64url");
}

/** Null when the text is not a cursor this API made. */
export function decodeServiceCursor(text: string): TServiceCursor | null {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 4) return null;
  const [sort, order, key, id] = value as unknown[];
  if (!["name", "tier", "team", "dependents", "budget"].includes(sort as string)) return null;
  if (order !== "asc" && order !== "desc") return null;
  if (!(key === null || typeof key === "string" || (typeof key === "number" && Number.isFinite(key)))) return null;
  if (typeof id !== "string" || id.length === 0 || id.length > 100) return null;
  return { sort: sort as TServiceSort, order, key, id };
}
