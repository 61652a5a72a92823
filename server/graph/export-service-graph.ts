import type { THeavyReadAdmission } from "@/server/http/heavy-read-admission.ts";
import { findExportEdges, findExportServices } from "./graph-export.repository.ts";

/** Rows per database read and per chunk written: small enough that no read or serialization holds the event loop. */
export const GRAPH_EXPORT_CHUNK = 250;

/**
 * The whole service graph as NDJSON lines, produced chunk by chunk: a header, every
 * service, then every active edge (caller null = outside the mesh). Each yielded string
 * is one chunk of lines; the consumer's pace drives the reads (a pull stream).
 */
export async function* exportServiceGraph(organizationId: string, now = new Date()): AsyncGenerator<string> {
  yield `${JSON.stringify({ type: "header", format: "plumbline-graph-ndjson/1", generatedAt: now.toISOString() })}\n`;
  let after: string | null = null;
  for (;;) {
    const services = await findExportServices(organizationId, after, GRAPH_EXPORT_CHUNK);
    if (services.length === 0) break;
    yield services.map(({ id: _id, ...s }) => `${JSON.stringify({ type: "service", ...s })}\n`).join("");
    after = services.at(-1)?.id ?? null;
    if (services.length < GRAPH_EXPORT_CHUNK) break;
  }
  after = null;
  for (;;) {
    const edges = await findExportEdges(organizationId, after, GRAPH_EXPORT_CHUNK);
    if (edges.length === 0) break;
    yield edges.map(({ id: _id, ...e }) => `${JSON.stringify({ type: "edge", ...e })}\n`).join("");
    after = edges.at(-1)?.id ?? null;
    if (edges.length < GRAPH_EXPORT_CHUNK) break;
  }
}

/**
 * The export as a streamed HTTP body (backpressure: the next chunk is read when the client
 * took the last). Each chunk is read and serialized inside a heavy-read slot
 * (server/http/heavy-read-admission.ts), the first one already taken by the route: an
 * export takes turns with the /graph and /services pages chunk by chunk (its own lane of its
 * organization's turns, so pages in a loop cannot starve it) instead of holding a slot for
 * the seconds its client takes to download 20 MB.
 */
export function exportServiceGraphStream(organizationId: string, firstSlot: () => void, admission: THeavyReadAdmission): ReadableStream<Uint8Array> {
  const lines = exportServiceGraph(organizationId);
  const encoder = new TextEncoder();
  let slot: (() => void) | null = firstSlot;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const release = slot ?? (await admission.enter({ tenant: organizationId, lane: "export", queueWhenFull: true }));
      slot = null;
      try {
        const next = await lines.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } finally {
        release?.();
      }
    },
    async cancel() {
      slot?.();
      slot = null;
      await lines.return(undefined);
    },
  });
}
