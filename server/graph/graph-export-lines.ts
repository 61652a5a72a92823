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

/**
 * The whole service graph as NDJSON lines, produced chunk by chunk: a header, every
 * service, then every active edge (caller null = outside the mesh). Each yielded string
 * is one chunk of lines; the consumer's pace drives the reads (a pull stream). `rows` runs
 * the statements: the worker's connection, or Prisma in this thread.
 */
export async function* exportGraphLines(rows: TExportTextRows, organizationId: string, generatedAt: Date): AsyncGenerator<string> {
  yield `${JSON.stringify({ type: "header", format: GRAPH_EXPORT_FORMAT, generatedAt: generatedAt.toISOString() })}\n`;
  let after: string | null = null;
  for (;;) {
    const services = await findExportServices(rows, organizationId, after, GRAPH_EXPORT_CHUNK);
    if (services.length === 0) break;
    yield services.map(({ id: _id, ...s }) => `${JSON.stringify({ type: "service", ...s })}\n`).join("");
    after = services.at(-1)?.id ?? null;
    if (services.length < GRAPH_EXPORT_CHUNK) break;
  }
  after = null;
  for (;;) {
    const edges = await findExportEdges(rows, organizationId, after, GRAPH_EXPORT_CHUNK);
    if (edges.length === 0) break;
    yield edges.map(({ id: _id, ...e }) => `${JSON.stringify({ type: "edge", ...e })}\n`).join("");
    after = edges.at(-1)?.id ?? null;
    if (edges.length < GRAPH_EXPORT_CHUNK) break;
  }
}
