import { ZServicePageQuery, type TServiceListQuery, type TServicePageQuery, type TServiceSort } from "@/server/catalog/catalog.schemas.ts";

export const DEFAULT_SERVICE_LIST_QUERY: TServicePageQuery = ZServicePageQuery.parse({});

/**
 * The query string for a services query. The page URL and the API request use the same
 * one, so a shared link shows exactly what the sender saw. Defaults are left out to keep
 * links short.
 */
export function toServiceListSearch(query: TServiceListQuery & Partial<Pick<TServicePageQuery, "limit" | "cursor">>): string {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  if (query.team) params.set("team", query.team);
  if (query.tier !== undefined) params.set("tier", String(query.tier));
  if (query.status) params.set("status", query.status);
  if (query.stale) params.set("stale", query.stale);
  if (query.archived) params.set("archived", query.archived);
  if (query.sort !== DEFAULT_SERVICE_LIST_QUERY.sort) params.set("sort", query.sort);
  if (query.order !== DEFAULT_SERVICE_LIST_QUERY.order) params.set("order", query.order);
  if (query.limit !== undefined && query.limit !== DEFAULT_SERVICE_LIST_QUERY.limit) params.set("limit", String(query.limit));
  if (query.cursor) params.set("cursor", query.cursor);
  return params.toString();
}

export function isServiceListFiltered(query: TServiceListQuery): boolean {
  return Boolean(query.q) || Boolean(query.team) || query.tier !== undefined || query.status !== undefined || query.stale !== undefined || query.archived === "true";
}

/** Columns whose most useful first view is descending (most depended-on first). */
const DESC_FIRST: ReadonlySet<TServiceSort> = new Set<TServiceSort>(["dependents"]);

export function nextSort(query: TServiceListQuery, column: TServiceSort): Pick<TServiceListQuery, "sort" | "order"> {
  if (query.sort === column) return { sort: column, order: query.order === "asc" ? "desc" : "asc" };
  return { sort: column, order: DESC_FIRST.has(column) ? "desc" : "asc" };
}
