import { z } from "zod";
import type { TServiceListQuery, TServicePage, TServicePageQuery, TServiceSummary } from "./catalog.schemas.ts";
import { SERVICE_PAGE_DEFAULT_LIMIT, SERVICE_PAGE_MAX_LIMIT } from "./catalog.schemas.ts";
import { findServicePage } from "./catalog-service-page.repository.ts";
import { getStalenessCutoff } from "./get-service-staleness.ts";
import { decodeServiceCursor, encodeServiceCursor } from "./service-list-cursor.ts";

/** A cursor that is not one this API made for the same sort and order: a 400 naming the field. */
function invalidCursor(): z.ZodError {
  return new z.ZodError([
    {
      code: "custom",
      path: ["cursor"],
      message: "cursor is not one this list returned for this sort and order: start again without it",
      input: undefined,
    },
  ]);
}

/** Whether `cursor` is one this list made for the query's sort and order. */
export function isServiceCursorFor(cursor: string, query: Pick<TServiceListQuery, "sort" | "order">): boolean {
  const decoded = decodeServiceCursor(cursor);
  return decoded !== null && decoded.sort === query.sort && decoded.order === query.order;
}

/** One page of the catalog (filters, search and sort on the server; see README "Services API"). */
export async function listServicePage(
  organizationId: string,
  query: TServiceListQuery & Partial<Pick<TServicePageQuery, "limit" | "cursor">>,
): Promise<TServicePage> {
  const limit = Math.min(query.limit ?? SERVICE_PAGE_DEFAULT_LIMIT, SERVICE_PAGE_MAX_LIMIT);
  if (query.cursor && !isServiceCursorFor(query.cursor, query)) throw invalidCursor();
  const cursor = query.cursor ? decodeServiceCursor(query.cursor) : null;
  const staleWindow = query.stale === undefined ? null : await getStalenessCutoff(organizationId, new Date());
  const page = await findServicePage(organizationId, query, limit, cursor, staleWindow);
  return {
    services: page.services,
    nextCursor: page.next ? encodeServiceCursor({ sort: query.sort, order: query.order, ...page.next }) : null,
    total: page.total,
    limit,
  };
}

/** The first page only, at most SERVICE_PAGE_MAX_LIMIT rows: for small catalogs (tests, tools). */
export async function listServices(organizationId: string, query: TServiceListQuery): Promise<TServiceSummary[]> {
  return (await listServicePage(organizationId, { ...query, limit: SERVICE_PAGE_MAX_LIMIT })).services;
}
