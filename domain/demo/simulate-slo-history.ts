import { assembleSloTelemetry, type TelemetryWindowRow } from "@/domain/slo/assemble-slo-telemetry.ts";
import { evaluateSlo } from "@/domain/slo/evaluate-slo.ts";
import { DEFAULT_STALE_AFTER_MS } from "@/domain/slo/slo-defaults.ts";
import type { SloDefinition, SloStatus } from "@/domain/slo/slo-types.ts";
import { ALERT_WINDOWS, type WindowName } from "@/domain/telemetry/telemetry-windows.ts";
import type { TDemoMeshModel } from "./build-demo-mesh-model.ts";
import type { TDemoFault } from "./demo-faults.ts";
import type { TBackfillInstant } from "./plan-demo-backfill.ts";
import { simulateServiceCounts } from "./simulate-mesh.ts";

/** One SLO to give a past: its id, the service it measures (by slug, as the model names it) and its definition. */
export interface TSloToBackfill {
  id: string;
  serviceSlug: string;
  definition: SloDefinition;
}

export interface TBackfilledSnapshot {
  sloId: string;
  at: Date;
  resolution: "minute" | "hour";
  status: SloStatus;
  sli: number | null;
  budgetRemaining: number | null;
  burnRates: Record<string, number | null>;
}

/** A status change inside the simulated past, for the service's history. */
export interface TBackfilledTransition {
  sloId: string;
  at: Date;
  from: SloStatus;
  to: SloStatus;
  budgetRemaining: number | null;
  reason: string;
}

export interface TSloHistory {
  snapshots: TBackfilledSnapshot[];
  transitions: TBackfilledTransition[];
  /** What the last instant ended with, per SLO: the status it holds when live evaluation takes over, and since when. */
  latest: Map<string, { status: SloStatus; since: Date }>;
}

/**
 * The demo's past, evaluated as the SLO worker would have evaluated it: at every instant
 * the simulated mesh's window counts (the same integrals the live simulator answers with,
 * so the backfill and the first live evaluation agree), assembled and judged by the
 * domain's SLO math. The demo's story (domain/demo/demo-faults.ts) supplies the dips: a
 * past incident that spent most of a budget and an ongoing ticket-level burn. An SLO
 * whose service the model does not simulate gets no history (its status stays no data).
 */
export function simulateSloHistory(
  model: TDemoMeshModel,
  faults: readonly TDemoFault[],
  slos: readonly TSloToBackfill[],
  instants: readonly TBackfillInstant[],
): TSloHistory {
  const simulated = slos.filter((slo) => (model.services.get(slo.serviceSlug)?.inboundRps ?? 0) > 0);
  const windows: WindowName[] = [...ALERT_WINDOWS, ...new Set(simulated.map((slo) => `${slo.definition.windowDays}d` as const))];
  const thresholds = [...new Set(simulated.flatMap((slo) => (slo.definition.latencyThresholdMs === undefined ? [] : [slo.definition.latencyThresholdMs])))];
  const workloadSlugs = new Set(simulated.map((slo) => slo.serviceSlug));
  const onlyTheirs: TDemoMeshModel = { ...model, services: new Map([...model.services].filter(([slug]) => workloadSlugs.has(slug))) };

  const snapshots: TBackfilledSnapshot[] = [];
  const transitions: TBackfilledTransition[] = [];
  const latest = new Map<string, { status: SloStatus; since: Date }>();
  for (const instant of instants) {
    const measuredAt = new Date(instant.evaluateAtMs);
    const rowsBySlug = new Map<string, TelemetryWindowRow[]>();
    for (const counts of simulateServiceCounts(onlyTheirs, faults, windows, instant.evaluateAtMs, thresholds)) {
      const rows = rowsBySlug.get(counts.workload.name) ?? [];
      rows.push({ window: counts.window, totalEvents: counts.total, goodEvents: counts.good, latencyGood: counts.latencyGood ?? {}, measuredAt, staleSince: null, staleReason: null });
      rowsBySlug.set(counts.workload.name, rows);
    }
    for (const slo of simulated) {
      const { telemetry } = assembleSloTelemetry(slo.definition, rowsBySlug.get(slo.serviceSlug) ?? []);
      const result = evaluateSlo(slo.definition, telemetry, measuredAt, DEFAULT_STALE_AFTER_MS);
      snapshots.push({
        sloId: slo.id,
        at: instant.at,
        resolution: instant.resolution,
        status: result.status,
        sli: result.sli,
        budgetRemaining: result.budgetRemaining,
        burnRates: { ...result.burnRates },
      });
      const previous = latest.get(slo.id);
      if (previous === undefined || previous.status !== result.status) {
        if (previous !== undefined) {
          transitions.push({ sloId: slo.id, at: measuredAt, from: previous.status, to: result.status, budgetRemaining: result.budgetRemaining, reason: result.reason });
        }
        latest.set(slo.id, { status: result.status, since: measuredAt });
      }
    }
  }
  return { snapshots, transitions, latest };
}
