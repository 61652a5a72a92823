import { buildDemoMeshModel } from "@/domain/demo/build-demo-mesh-model.ts";
import { demoEpisodes } from "@/domain/demo/demo-faults.ts";
import { planDemoBackfill } from "@/domain/demo/plan-demo-backfill.ts";
import { simulateSloHistory, type TSloToBackfill } from "@/domain/demo/simulate-slo-history.ts";
import type { BurnRateAlertRule } from "@/domain/slo/burn-rate-alerts.ts";
import { describeSloTransition, sloTransitionDedupeKey } from "@/domain/slo/describe-slo-transition.ts";
import { readStoredBudgeting, usesTimeSlices } from "@/domain/slo/slo-budgeting.ts";
import { findServiceSlugsByIds, findSlosForEvaluation } from "@/server/slo/slo.repository.ts";
import { findSloIdsWithSnapshots, writeSloHistory } from "@/server/slo/slo-backfill.repository.ts";
import { findDemoTopology } from "./demo.repository.ts";
import { DEMO_SEED } from "./telemetry-simulator.ts";

export interface TDemoBackfillResult {
  /** SLOs given a past now; the others already had one (a restart) or cannot be simulated. */
  backfilledSlos: number;
  alreadyHadHistory: number;
  snapshots: number;
  transitions: number;
  ms: number;
}

/**
 * The demo's 28 days of SLO history, so a newcomer's first page shows judged SLOs,
 * spent budgets and drawn charts instead of "no data" for the first minute. Only SLOs
 * without any snapshot are filled, so a restart (or a second process) adds nothing: the
 * past is invented once, then the SLO worker records the present as usual. SLOs budgeted
 * by time slices are left to the worker (their slices are per-evaluation records).
 */
export async function backfillDemoHistory(organizationId: string, now: Date): Promise<TDemoBackfillResult> {
  const started = performance.now();
  const slos = (await findSlosForEvaluation(organizationId)).filter((slo) => !usesTimeSlices(readStoredBudgeting(slo.budgeting)));
  const withHistory = await findSloIdsWithSnapshots(organizationId, slos.map((slo) => slo.id));
  const missing = slos.filter((slo) => !withHistory.has(slo.id) && !(slo.kind === "latency" && slo.latencyThresholdMs === null));
  const result = { backfilledSlos: 0, alreadyHadHistory: withHistory.size, snapshots: 0, transitions: 0 };
  if (missing.length === 0) return { ...result, ms: performance.now() - started };

  const [topology, slugs] = await Promise.all([findDemoTopology(organizationId), findServiceSlugsByIds(organizationId, [...new Set(missing.map((slo) => slo.serviceId))])]);
  const model = buildDemoMeshModel(topology, DEMO_SEED);
  const faults = demoEpisodes(model, topology.organizationCreatedAt.getTime());
  const toBackfill: (TSloToBackfill & { serviceId: string; name: string })[] = missing.flatMap((slo) => {
    const serviceSlug = slugs.get(slo.serviceId);
    if (serviceSlug === undefined) return [];
    const alertRules = storedAlertRules(slo.alerting);
    return [
      {
        id: slo.id,
        serviceId: slo.serviceId,
        name: slo.name,
        serviceSlug,
        definition: {
          kind: slo.kind,
          objective: slo.objective,
          windowDays: slo.windowDays,
          minRequests: slo.minRequests,
          ...(slo.latencyThresholdMs === null ? {} : { latencyThresholdMs: slo.latencyThresholdMs }),
          ...(alertRules.length > 0 ? { alertRules } : {}),
        },
      },
    ];
  });
  const windowDays = Math.max(28, ...toBackfill.map((slo) => slo.definition.windowDays));
  const instants = planDemoBackfill(now, { windowDays: Math.min(windowDays, 90) });
  const history = simulateSloHistory(model, faults, toBackfill, instants);
  const byId = new Map(toBackfill.map((slo) => [slo.id, slo]));
  const lastSnapshots = new Map(history.snapshots.map((snapshot) => [snapshot.sloId, snapshot]));
  const lastAt = new Date(instants.at(-1)?.evaluateAtMs ?? now.getTime());

  const written = await writeSloHistory(organizationId, {
    snapshots: history.snapshots,
    transitions: history.transitions.flatMap((transition) => {
      const slo = byId.get(transition.sloId);
      if (slo === undefined) return [];
      return [
        {
          sloId: slo.id,
          serviceId: slo.serviceId,
          occurredAt: transition.at,
          dedupeKey: sloTransitionDedupeKey(slo.id, transition.at, transition.to),
          title: describeSloTransition({ serviceSlug: slo.serviceSlug, sloName: slo.name, from: transition.from, to: transition.to, budgetRemaining: transition.budgetRemaining }),
          details: { sloId: slo.id, sloName: slo.name, from: transition.from, to: transition.to, reason: transition.reason, budgetRemaining: transition.budgetRemaining, simulated: true },
        },
      ];
    }),
    latest: [...history.latest].map(([sloId, latest]) => {
      const last = lastSnapshots.get(sloId);
      return { sloId, status: latest.status, since: latest.since, evaluatedAt: lastAt, sli: last?.sli ?? null, budgetRemaining: last?.budgetRemaining ?? null, burnRates: last?.burnRates ?? {} };
    }),
  });
  return {
    backfilledSlos: history.latest.size,
    alreadyHadHistory: withHistory.size,
    snapshots: written.snapshots,
    transitions: written.events,
    ms: performance.now() - started,
  };
}

/** Stored OpenSLO alert rules (as the evaluator reads them); none → the workbook defaults. */
function storedAlertRules(alerting: unknown): BurnRateAlertRule[] {
  const rules = (alerting as { rules?: unknown } | null)?.rules;
  return Array.isArray(rules) ? (rules as BurnRateAlertRule[]) : [];
}
