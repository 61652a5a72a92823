import { getDbHandle, getPrisma } from "@/server/db/client.ts";
import { Prisma } from "@/server/db/generated/client.ts";

// Whole-organization aggregates over the edge table (the team-level view, the graph's
// totals) on the embedded database are read in slices of the table's pages, one statement
// each. PGlite runs one statement at a time for the whole process and cannot pre-empt one:
// a single 150–250 ms pass over 100,000 edges made every deploy decision that arrived
// meanwhile wait that long. A slice holds it for tens of ms, and a waiting decision (normal
// priority, statement-priority-queue.ts) runs between two slices.
//
// Slices are ranges of heap pages (a TID range scan), not of ids: ids are spread over the
// whole table, so a slice by callee id read almost every page each time (measured: 5,113
// of 6,250 pages for a tenth of the rows, ten times the I/O of one pass). By pages, each
// page is read once in all.
//
// On Postgres the pass stays one statement: it runs on a connection of its own beside the
// gate's, and a slice by pages would read every tenant's pages for each organization.
// Slices are separate statements, so a row updated between two of them may be counted in
// neither or in both: an aggregate refreshed every few seconds on a graph whose rates change
// every mesh round can live with that; a count that must be exact does not use slices.

/** Heap pages a slice reads: ~4 MB, ~8,000 edges of the large organization's shape. */
export const EDGE_PAGES_PER_SLICE = 512;

/** How to slice: by pages of so many (the embedded database), or not at all. */
export type TEdgeSlicing = { pagesPerSlice: number } | "whole";

export function defaultEdgeSlicing(): TEdgeSlicing {
  return getDbHandle().config.kind === "pglite" ? { pagesPerSlice: EDGE_PAGES_PER_SLICE } : "whole";
}

/**
 * The conditions that cut `"Edge"` (as `alias`) into slices: `AND alias.ctid >= '(from,0)' AND
 * alias.ctid < '(to,0)'`. The last slice is open-ended, so pages added meanwhile are read too.
 */
export async function edgeSliceConditions(alias: string, slicing: TEdgeSlicing): Promise<Prisma.Sql[]> {
  if (slicing === "whole") return [Prisma.empty];
  const [size] = await getPrisma().$queryRaw<{ pages: number }[]>`
    SELECT (pg_relation_size('"Edge"') / current_setting('block_size')::int)::int AS "pages"`;
  const pages = Number(size?.pages ?? 0);
  const ctid = Prisma.raw(`${alias}.ctid`);
  const conditions: Prisma.Sql[] = [];
  for (let from = 0; from === 0 || from < pages; from += slicing.pagesPerSlice) {
    const to = from + slicing.pagesPerSlice;
    const lower = from === 0 ? Prisma.empty : Prisma.sql`AND ${ctid} >= ${`(${from},0)`}::tid`;
    const upper = to >= pages ? Prisma.empty : Prisma.sql`AND ${ctid} < ${`(${to},0)`}::tid`;
    conditions.push(Prisma.sql`${lower} ${upper}`);
  }
  return conditions;
}

/** `read` for each slice in turn (one at a time: a waiting deploy decision goes between two). */
export async function readEdgeSlices<T>(alias: string, read: (slice: Prisma.Sql) => Promise<T>, slicing = defaultEdgeSlicing()): Promise<T[]> {
  const results: T[] = [];
  for (const slice of await edgeSliceConditions(alias, slicing)) results.push(await read(slice));
  return results;
}
