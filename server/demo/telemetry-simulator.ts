import { buildDemoMeshModel, type TDemoMeshModel, type TDemoTopology } from "@/domain/demo/build-demo-mesh-model.ts";
import { createDemoClock, type TDemoClock } from "@/domain/demo/demo-clock.ts";
import { demoEpisodes, type TDemoFault } from "@/domain/demo/demo-faults.ts";
import { simulateEdgeSamples, simulateServiceCounts } from "@/domain/demo/simulate-mesh.ts";
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
    name: "simulator",
    async fetchEdges(now) {
      const { model, faults } = await stateAt(now);
      return simulateEdgeSamples(model, faults, clock.toSimulatedMs(now));
    },
    async fetchServiceCounts(windows, now) {
      const { model, faults } = await stateAt(now);
      return simulateServiceCounts(model, faults, windows, clock.toSimulatedMs(now), options.latencyThresholdsMs ?? []);
    },
  };
}

function toSimulatedFault(record: TDemoFaultRecord, clock: TDemoClock): TDemoFault {
  const startMs = clock.toSimulatedMs(record.injectedAt);
  const plannedEnd = startMs + record.durationMs;
  const endMs = record.clearedAt ? Math.min(plannedEnd, clock.toSimulatedMs(record.clearedAt)) : plannedEnd;
  return { serviceSlug: record.serviceSlug, errorRate: record.errorRate, startMs, endMs, label: `injected fault ${record.id}` };
}
