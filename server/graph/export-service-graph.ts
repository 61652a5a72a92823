import { getPrisma } from "@/server/db/client.ts";
import type { THeavyReadAdmission } from "@/server/http/heavy-read-admission.ts";
import { logger } from "@/server/logger.ts";
import { exportGraphLines } from "./graph-export-lines.ts";
import type { TExportTextRows } from "./graph-export.repository.ts";
import { graphExportWorker, type GraphExportWorkerClient } from "./graph-export-worker-client.ts";

export { GRAPH_EXPORT_CHUNK } from "./graph-export-lines.ts";

/** The export's statements through Prisma, in this thread (tools and tests; the route reads in the worker). */
const prismaTextRows: TExportTextRows = async (sql, params) =>
  (await getPrisma().$queryRawUnsafe<Record<string, string | null>[]>(sql, ...params)).map((row) => Object.values(row));

/**
 * The whole service graph as NDJSON lines, read and serialized in this thread: the same
 * statements and lines as the route's worker (graph-export-worker-entry.ts), for tools and
 * tests. Each yielded string is one chunk of lines (a header, every service, every active edge).
 */
export function exportServiceGraph(organizationId: string, now = new Date()): AsyncGenerator<string> {
  return exportGraphLines(prismaTextRows, organizationId, now);
}

/**
 * The export as a streamed HTTP body, read and serialized by the export's worker thread
 * (graph-export-worker-client.ts): this thread only passes finished bytes on. Backpressure:
 * the worker reads the next chunk when the client took the last. Each chunk is still read
 * inside a heavy-read slot (server/http/heavy-read-admission.ts), the first one already
 * taken by the route: the reads share the database with the pages (on PGlite one
 * connection), so an export takes turns with the /graph and /services pages chunk by chunk
 * (its own lane of its organization's turns) instead of holding a slot for the seconds its
 * client takes to download 20 MB. The client going away stops the worker's reads.
 */
export function exportServiceGraphStream(
  organizationId: string,
  firstSlot: () => void,
  admission: THeavyReadAdmission,
  exporter: GraphExportWorkerClient = graphExportWorker(),
): ReadableStream<Uint8Array> {
  const run = exporter.start(organizationId, new Date());
  let slot: (() => void) | null = firstSlot;
  // A client that goes away cancels the stream while a read is in flight; that read's answer
  // then has no stream to go to (closing or enqueueing would throw "already closed").
  let cancelled = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const release = slot ?? (await admission.enter({ tenant: organizationId, lane: "export", queueWhenFull: true }));
        slot = null;
        try {
          const bytes = await run.next();
          if (cancelled) return;
          if (bytes === null) controller.close();
          else controller.enqueue(bytes);
        } finally {
          release?.();
        }
      },
      async cancel() {
        cancelled = true;
        slot?.();
        slot = null;
        await run.cancel();
      },
    },
    // One chunk ahead (the default): the worker reads the next while the socket takes the last, and no further.
  );
}

/**
 * The route's body: the first chunk (the header and the first rows) is read before the
 * route answers, so a read that fails at once is a problem response, not a 200 cut short.
 * A failure later ends the stream with an error (the client sees a truncated body, and the
 * log says why).
 */
export async function openServiceGraphExport(
  organizationId: string,
  firstSlot: () => void,
  admission: THeavyReadAdmission,
  exporter?: GraphExportWorkerClient,
): Promise<ReadableStream<Uint8Array>> {
  const reader = exportServiceGraphStream(organizationId, firstSlot, admission, exporter).getReader();
  const first = await reader.read();
  // Set when the client went away: a read in flight then ends quietly (see exportServiceGraphStream).
  let cancelled = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (first.done) controller.close();
        else controller.enqueue(first.value);
      },
      async pull(controller) {
        try {
          const next = await reader.read();
          if (cancelled) return;
          if (next.done) controller.close();
          else controller.enqueue(next.value);
        } catch (error) {
          if (cancelled) return;
          logger.error({ err: error, organizationId }, "graph export failed while streaming");
          throw error;
        }
      },
      cancel: (reason) => {
        cancelled = true;
        return reader.cancel(reason);
      },
    },
    // Nothing queued here: the inner stream already holds the one chunk ahead.
    { highWaterMark: 0 },
  );
}
