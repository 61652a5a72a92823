import { findExportEdges, findExportServices, type TExportTextRows } from "./graph-export.repository.ts";

/**
 * Rows per database read and per chunk written. The reading and serializing run in the
 * export's worker thread, but the reads share the database: on PGlite one connection (its
 * own thread) serves every request, and a chunk of 250 rows holds it for a few milliseconds,
 * so the gate's statements get their turn between the export's.
 */
export const GRAPH_EXPORT_CHUNK = 250;

/** The NDJSON format's name, in the header line. */
export const GRAPH_EXPORT_FORMAT = "plumbline-graph-ndjson/1";

type TKeysetRead<TRow extends { id: string }> = (
  rows: TExportTextRows,
  organizationId: string,
  after: string | null,
  take: number,
) => Promise<TRow[]>;

/**
 * One chunk of NDJSON lines per keyset page of `read`, each row written as `{ type, …row }`
 * without its id (the id is only the page's cursor).
 */
async function* keysetLines<TRow extends { id: string }>(
  type: "service" | "edge",
  read: TKeysetRead<TRow>,
  rows: TExportTextRows,
  organizationId: string,
): AsyncGenerator<string> {
  let after: string | null = null;
  for (;;) {
    const page = await read(rows, organizationId, after, GRAPH_EXPORT_CHUNK);
    if (page.length === 0) return;
    yield page.map(({ id: _id, ...row }) => `${JSON.stringify({ type, ...row })}\n`).join("");
    if (page.length < GRAPH_EXPORT_CHUNK) return;
    after = page.at(-1)?.id ?? null;
  }
}

/**
 * The whole service graph as NDJSON lines, produced chunk by chunk: a header, every
 * service, then every active edge (caller null = outside the mesh). Each yielded string
 * is one chunk of lines; the consumer's pace drives the reads (a pull stream). `rows` runs
 * the statements: the worker's connection, or Prisma in this thread.
 */
export async function* exportGraphLines(rows: TExportTextRows, organizationId: string, generatedAt: Date): AsyncGenerator<string> {
  yield `${JSON.stringify({ type: "header", format: GRAPH_EXPORT_FORMAT, generatedAt: generatedAt.toISOString() })}\n`;
  yield* keysetLines("service", findExportServices, rows, organizationId);
  yield* keysetLines("edge", findExportEdges, rows, organizationId);
}
