import { buildDemoMeshModel, type TDemoMeshModel, type TDemoTopology } from "@/domain/demo/build-demo-mesh-model.ts";
import { createDemoClock, type TDemoClock } from "@/domain/demo/demo-clock.ts";
import { demoEpisodes, type TDemoFault } from "@/domain/demo/demo-faults.ts";
import { simulateEdgeSamples, simulateServiceCounts } from "@/domain/demo/simulate-mesh.ts";
import { yieldBetweenChunks } from "@/server/db/bulk-chunks.ts";
import { asOtelEdgeSamples, asOtelServiceCounts } from "@/domain/demo/demo-telemetry-dialect.ts";
import type { TelemetrySource } from "@/integrations/prometheus/mesh-telemetry-source.ts";
import type { TDemoFaultRecord } from "./demo-fault-record.ts";
import { findDemoFaults } from "./demo-faults.repository.ts";
import { findDemoTopology } from "./demo.repository.ts";

export const DEMO_SEED = 20_240_611;

export interface TTelemetrySimulatorOptions {
  organizationId: string;
  clock?: TDemoClock;
  seed?: number;
  latencyThresholdsMs?: readonly number[];
  /** Default: the catalog in the database. */
  loadTopology?: () => Promise<TDemoTopology & { organizationCreatedAt: Date }>;
  /** Default: the faults stored by POST /api/v1/demo/faults. */
  listFaults?: () => Promise<readonly TDemoFaultRecord[]>;
  /** `mesh` (default): endpoints as the demo cluster's workloads; `otel`: as the Collector's servicegraph names them. */
  dialect?: "mesh" | "otel";
}

/**
 * The demo's mesh as a TelemetrySource: the pure simulator (domain/demo) fed with the
 * catalog's declared topology, the demo's scripted story and the faults injected so far.
 * Both questions of one round (same `now`) read the topology once; the model is rebuilt
 * only when the catalog changed.
 */
export function createTelemetrySimulator(options: TTelemetrySimulatorOptions): TelemetrySource {
  const clock = options.clock ?? createDemoClock(new Date(), 1);
  const seed = options.seed ?? DEMO_SEED;
  const load = options.loadTopology ?? (() => findDemoTopology(options.organizationId));
  const listFaults = options.listFaults ?? (() => findDemoFaults(options.organizationId));
  const otel = options.dialect === "otel";
  let round: { at: number; state: Promise<{ model: TDemoMeshModel; faults: TDemoFault[] }> } | null = null;
  let built: { signature: string; model: TDemoMeshModel; episodes: TDemoFault[] } | null = null;

  async function stateAt(now: Date): Promise<{ model: TDemoMeshModel; faults: TDemoFault[] }> {
    if (round?.at === now.getTime()) return round.state;
    const state = (async () => {
      const [topology, records] = await Promise.all([load(), listFaults()]);
      const signature = JSON.stringify([topology.services, topology.edges, topology.organizationCreatedAt.getTime()]);
      if (built?.signature !== signature) {
        const model = buildDemoMeshModel(topology, seed);
        built = { signature, model, episodes: demoEpisodes(model, topology.organizationCreatedAt.getTime()) };
      }
      return { model: built.model, faults: [...built.episodes, ...records.map((record) => toSimulatedFault(record, clock))] };
    })();
    round = { at: now.getTime(), state };
    state.catch(() => {
      if (round?.state === state) round = null;
    });
    return state;
  }

  return {
    name: otel ? "simulator:otel" : "simulator",
    async fetchEdges(now) {
      const { model, faults } = await stateAt(now);
      const samples = simulateEdgeSamples(model, faults, clock.toSimulatedMs(now));
      return otel ? asOtelEdgeSamples(samples) : samples;
    },
    async fetchServiceCounts(windows, now) {
      const { model, faults } = await stateAt(now);
      // Both answers are simulated in this thread: counts in a later turn of the event loop
      // than edges, so the ingest can send the edges' first statements (and the server answer
      // requests) between the two instead of after both.
      await yieldBetweenChunks();
      const counts = simulateServiceCounts(model, faults, windows, clock.toSimulatedMs(now), options.latencyThresholdsMs ?? []);
      return otel ? asOtelServiceCounts(counts) : counts;
    },
  };
}

function toSimulatedFault(record: TDemoFaultRecord, clock: TDemoClock): TDemoFault {
  const startMs = clock.toSimulatedMs(record.injectedAt);
  const plannedEnd = startMs + record.durationMs;
  const endMs = record.clearedAt ? Math.min(plannedEnd, clock.toSimulatedMs(record.clearedAt)) : plannedEnd;
  return { serviceSlug: record.serviceSlug, errorRate: record.errorRate, startMs, endMs, label: `injected fault ${record.id}` };
}
