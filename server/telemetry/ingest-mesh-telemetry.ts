import { aggregateEdgeSamples, aggregateServiceCounts } from "@/domain/telemetry/aggregate-mesh-telemetry.ts";
import { buildTelemetryCoverage, type TTelemetryCoverage } from "@/domain/telemetry/build-telemetry-coverage.ts";
import { createWorkloadResolver } from "@/domain/telemetry/resolve-workload-service.ts";
import { telemetryWindows, type WindowName } from "@/domain/telemetry/telemetry-windows.ts";
import type { WorkloadRef } from "@/domain/telemetry/telemetry-types.ts";
import type { TelemetrySource } from "@/integrations/prometheus/mesh-telemetry-source.ts";
import { DEFAULT_EDGE_GONE_AFTER_MS } from "./mesh-telemetry-config.ts";
import { replaceTelemetryCoverage } from "./telemetry-coverage.repository.ts";
import { findTelemetryClaims } from "./telemetry-claims.repository.ts";
import {
  findStoredMeshRows,
  findWorkloadMappingData,
  markMeshEdgesStale,
  markServiceTelemetryStale,
  settleUnreportedServiceTelemetry,
  settleUnseenMeshEdges,
  upsertMeshEdges,
  upsertServiceTelemetry,
} from "./telemetry.repository.ts";
import { insertNewMeshEdges, insertNewServiceTelemetry } from "./telemetry-new-rows.repository.ts";
import { restoreArchivedServicesWithTraffic } from "@/server/catalog/catalog-staleness.repository.ts";
import { settleDependentCounts } from "@/server/catalog/catalog-dependent-counts.repository.ts";
import { yieldBetweenChunks } from "@/server/db/bulk-chunks.ts";

const MAX_REASON_LENGTH = 500;

export interface TMeshIngestOptions {
  /** Windows to count; default the alert windows and 28d. */
  windows?: readonly WindowName[];
  /** An edge unseen this long is marked gone. Default 10 minutes. */
  edgeGoneAfterMs?: number;
}

export interface TMeshIngestResult {
  source: string;
  edges:
    | {
        ok: true;
        upserted: number;
        quieted: number;
        gone: number;
        unmappedCallees: WorkloadRef[];
        unmappedCallers: WorkloadRef[];
        selfEdgesDropped: number;
        /** Archived services this round saw traffic of again, brought back (slugs). */
        restored: string[];
      }
    | { ok: false; reason: string; markedStale: number };
  counts:
    | { ok: true; upserted: number; removed: number; unreported: number; unmapped: WorkloadRef[] }
    | { ok: false; reason: string; markedStale: number };
  /**
   * Every endpoint the source's series named this round, attributed (with the rule) or
   * unmatched (with the reason). From the halves that answered; null when neither did.
   */
  coverage: TTelemetryCoverage | null;
  /** Rows inserted or updated in all. */
  rowsWritten: number;
}

/**
 * One round of mesh telemetry for an organization: ask the source for edges and window
 * counts (in parallel, at the same instant `now`), map workloads to services, write.
 *
 * Each half fails on its own: when the source cannot answer (down, garbage), what was
 * stored keeps its values and is marked stale with the reason and the time it started;
 * nothing is zeroed, deleted or marked gone, because "could not ask" is not "saw no
 * traffic". The next round that succeeds clears staleness — no restart needed.
 */
export async function ingestMeshTelemetry(
  organizationId: string,
  source: TelemetrySource,
  now: Date,
  options: TMeshIngestOptions = {},
): Promise<TMeshIngestResult> {
  const windows = options.windows ?? telemetryWindows();
  const goneAfterMs = options.edgeGoneAfterMs ?? DEFAULT_EDGE_GONE_AFTER_MS;
  // Both questions are asked at once; each half writes as soon as its own answer (and the
  // workload mapping) is in, rather than after both: the first answer's statements run in
  // the database while the second is still being fetched or parsed.
  const resolverReady = Promise.all([findWorkloadMappingData(organizationId), findTelemetryClaims(organizationId)]).then(([mapping, claims]) =>
    createWorkloadResolver({ ...mapping, claims }),
  );
  // Whether anything was stored before this round (read before any write of it): a first
  // round has nothing unreported to settle.
  const storedBefore = findStoredMeshRows(organizationId);
  // Awaited below; handled here too, so a failed read is not reported as unhandled before then.
  resolverReady.catch(() => undefined);
  storedBefore.catch(() => undefined);
  const edgesAnswered = settle(() => source.fetchEdges(now));
  const countsAnswered = settle(() => source.fetchServiceCounts(windows, now));

  // The two halves and the coverage write different tables: on Postgres they run on
  // their own connections at once, and each one's JavaScript (aggregation, building the
  // arrays) overlaps the others' statements. Each later one first yields to the event
  // loop, so the statements already built go out before the next one's JavaScript runs
  // (without the yield, every synchronous prefix ran before the first statement left).
  const [edges, counts, coverage] = await Promise.all([writeEdges(), writeCounts(), writeCoverage()]);
  // Edges that appeared or went left any dependents count their statement could not
  // recount to this (a first round: one recount of the whole organization, ~0.4 s of
  // Postgres CPU at 10,000 services). It runs once every write of the round is done: it
  // updates the service rows that the window counts' and coverage's foreign-key checks
  // lock, and run beside them (measured, first round) it cost ~2 s more Postgres CPU.
  if (edges.ok) await settleDependentCounts(organizationId);

  async function writeEdges(): Promise<TMeshIngestResult["edges"]> {
    const edgesAnswer = await edgesAnswered;
    if (!edgesAnswer.ok) {
      const reason = describeFailure(source.name, edgesAnswer.error);
      return { ok: false, reason, markedStale: await markMeshEdgesStale(organizationId, reason, now) };
    }
    const resolve = await resolverReady;
    const hadMeshEdges = (await storedBefore).meshEdges;
    const aggregated = aggregateEdgeSamples(
      edgesAnswer.value.filter((sample) => sample.requestRate > 0),
      resolve,
    );
    // "Last seen" of an unchanged edge is refreshed every tenth of the gone-after time, not every round.
    const lastSeenRefreshBefore = new Date(now.getTime() - goneAfterMs / 10);
    // The organization's first round inserts (no edge of it to conflict with, nothing to diff).
    const upserted = hadMeshEdges
      ? await upsertMeshEdges(organizationId, aggregated.edges, now, lastSeenRefreshBefore)
      : await insertNewMeshEdges(organizationId, aggregated.edges, now);
    // The upsert's follow-ups, side by side on their own connections: unreported edges are
    // quieted or marked gone and stale ones cleared (nothing to do in a first round), and an
    // archived service that carries traffic again comes back, recorded in its history.
    const withTraffic = aggregated.edges.flatMap((edge) => (edge.requestRate > 0 ? [edge.calleeId, ...(edge.callerId === null ? [] : [edge.callerId])] : []));
    const [settled, restored] = await Promise.all([
      hadMeshEdges
        ? settleUnseenMeshEdges(
            organizationId,
            now,
            new Date(now.getTime() - goneAfterMs),
            aggregated.edges.map((edge) => edge.key),
          )
        : { quieted: 0, gone: 0, unstaled: 0 },
      restoreArchivedServicesWithTraffic(organizationId, withTraffic, now),
    ]);
    return {
      ok: true,
      restored,
      upserted,
      quieted: settled.quieted,
      gone: settled.gone,
      unmappedCallees: aggregated.unmappedCallees,
      unmappedCallers: aggregated.unmappedCallers,
      selfEdgesDropped: aggregated.selfEdgesDropped,
    };
  }

  async function writeCounts(): Promise<TMeshIngestResult["counts"]> {
    const countsAnswer = await countsAnswered;
    await yieldBetweenChunks();
    if (!countsAnswer.ok) {
      const reason = describeFailure(source.name, countsAnswer.error);
      return { ok: false, reason, markedStale: await markServiceTelemetryStale(organizationId, reason, now) };
    }
    const aggregated = aggregateServiceCounts(countsAnswer.value, await resolverReady);
    const hadCounts = (await storedBefore).serviceTelemetry;
    const upserted = hadCounts
      ? await upsertServiceTelemetry(organizationId, aggregated.rows, now)
      : await insertNewServiceTelemetry(organizationId, aggregated.rows, now);
    const settled = hadCounts
      ? await settleUnreportedServiceTelemetry(organizationId, windows, `${source.name} reported no counts for this service and window`, now)
      : { removed: 0, staled: 0 };
    return { ok: true, upserted, removed: settled.removed, unreported: settled.staled, unmapped: aggregated.unmapped };
  }

  async function writeCoverage(): Promise<TTelemetryCoverage | null> {
    const [edgesAnswer, countsAnswer] = await Promise.all([edgesAnswered, countsAnswered]);
    await yieldBetweenChunks();
    if (!edgesAnswer.ok && !countsAnswer.ok) return null;
    const built = buildTelemetryCoverage({
      edges: edgesAnswer.ok ? edgesAnswer.value : [],
      counts: countsAnswer.ok ? countsAnswer.value : [],
      resolve: await resolverReady,
    });
    // Only a complete round replaces the stored coverage: half an answer would read as
    // endpoints that vanished. After a failure the previous round's stays, with its time.
    // Coverage records what the source named (not what was written), so it need not wait
    // for the edges and counts to be stored.
    if (edgesAnswer.ok && countsAnswer.ok) await replaceTelemetryCoverage(organizationId, source.name, built.endpoints, now);
    return built;
  }

  const rowsWritten =
    (edges.ok ? edges.upserted + edges.quieted + edges.gone : edges.markedStale) +
    (counts.ok ? counts.upserted + counts.unreported : counts.markedStale);
  return { source: source.name, edges, counts, coverage, rowsWritten };
}

type TSettled<T> = { ok: true; value: T } | { ok: false; error: unknown };

async function settle<T>(run: () => Promise<T>): Promise<TSettled<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** The reason people read on the service page: which source, what went wrong. */
function describeFailure(sourceName: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const text = `${sourceName}: ${message}`;
  return text.length > MAX_REASON_LENGTH ? `${text.slice(0, MAX_REASON_LENGTH - 1)}…` : text;
}
