import { assembleSloTelemetry, describeInterpolatedLatency, describeMissingLatencyBucket, type TelemetryWindowRow } from "@/domain/slo/assemble-slo-telemetry.ts";
import { describeSloTransition, sloTransitionDedupeKey } from "@/domain/slo/describe-slo-transition.ts";
import { evaluateSlo } from "@/domain/slo/evaluate-slo.ts";
import { DEFAULT_STALE_AFTER_MS } from "@/domain/slo/slo-defaults.ts";
import {
  findServiceSlugsByIds,
  findSlosForEvaluation,
  findTelemetryRows,
  writeSloEvaluations,
  type TSloEvaluationWrite,
  type TSloForEvaluation,
  type TSloTransitionWrite,
} from "./slo.repository.ts";

export interface TEvaluateOptions {
  /** Telemetry older than this is stale (no_data). Default 5 minutes. */
  staleAfterMs?: number;
  /** Only these SLOs (e.g. one just saved on the service page). Default: all of the organization. */
  sloIds?: readonly string[];
  /** Told about each SLO that could not be evaluated; the others still are. */
  onSloError?: (slo: { id: string; name: string }, error: unknown) => void;
}

export interface TEvaluationCounts {
  evaluated: number;
  failed: number;
  written: number;
  snapshots: number;
  transitions: number;
}

const MINUTE_MS = 60_000;

/**
 * One evaluation cycle for one organization at `now`: two reads (its SLOs, its
 * telemetry), the SRE Workbook math per SLO in memory, then one transaction of bulk
 * writes (statuses, a minute snapshot each, a change event per status transition).
 * A definition the math rejects is reported and skipped; it never stops the others.
 */
export async function evaluateOrganizationSlos(organizationId: string, now: Date, options: TEvaluateOptions = {}): Promise<TEvaluationCounts> {
  const staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  const slos = await findSlosForEvaluation(organizationId, options.sloIds);
  if (slos.length === 0) return { evaluated: 0, failed: 0, written: 0, snapshots: 0, transitions: 0 };
  const serviceIds = options.sloIds ? [...new Set(slos.map((slo) => slo.serviceId))] : undefined;
  const telemetry = await findTelemetryRows(organizationId, serviceIds);
  const rowsByService = new Map<string, TelemetryWindowRow[]>();
  for (const row of telemetry) {
    const list = rowsByService.get(row.serviceId) ?? [];
    list.push(row);
    rowsByService.set(row.serviceId, list);
  }

  const evaluations: TSloEvaluationWrite[] = [];
  const transitions: (Omit<TSloTransitionWrite, "title"> & { slo: TSloForEvaluation; to: TSloForEvaluation["status"]; budgetRemaining: number | null })[] = [];
  let failed = 0;
  for (const slo of slos) {
    try {
      const evaluation = evaluateOne(slo, rowsByService.get(slo.serviceId) ?? [], now, staleAfterMs);
      evaluations.push(evaluation.write);
      // The first evaluation of a new SLO sets its status; it is not a transition.
      if (slo.evaluatedAt !== null && evaluation.write.status !== slo.status) {
        transitions.push({
          slo,
          sloId: slo.id,
          serviceId: slo.serviceId,
          to: evaluation.write.status,
          budgetRemaining: evaluation.write.budgetRemaining,
          dedupeKey: sloTransitionDedupeKey(slo.id, floorToMinute(now), evaluation.write.status),
          details: evaluation.details,
        });
      }
    } catch (error) {
      failed += 1;
      options.onSloError?.({ id: slo.id, name: slo.name }, error);
    }
  }

  // Titles name the service; its slug is only read when something changed.
  const slugs = await findServiceSlugsByIds(organizationId, [...new Set(transitions.map((t) => t.serviceId))]);
  const written = await writeSloEvaluations(organizationId, {
    evaluatedAt: now,
    snapshotAt: floorToMinute(now),
    evaluations,
    transitions: transitions.map(({ slo, to, budgetRemaining, ...transition }) => ({
      ...transition,
      title: describeSloTransition({ serviceSlug: slugs.get(slo.serviceId) ?? "service", sloName: slo.name, from: slo.status, to, budgetRemaining }),
    })),
  });
  return { evaluated: evaluations.length, failed, written: written.updated, snapshots: written.snapshots, transitions: written.events };
}

function evaluateOne(slo: TSloForEvaluation, rows: readonly TelemetryWindowRow[], now: Date, staleAfterMs: number) {
  const definition = {
    kind: slo.kind,
    objective: slo.objective,
    windowDays: slo.windowDays,
    minRequests: slo.minRequests,
    ...(slo.latencyThresholdMs === null ? {} : { latencyThresholdMs: slo.latencyThresholdMs }),
  };
  if (slo.kind === "latency" && slo.latencyThresholdMs === null) {
    throw new RangeError(`latency SLO "${slo.name}" has no latency threshold`);
  }
  const assembled = assembleSloTelemetry(definition, rows);
  const result = evaluateSlo(definition, assembled.telemetry, now, staleAfterMs);
  // Stale telemetry always yields no_data (the math's first rule); say so, so the page can tell stale from silent.
  const isStale = describesStaleness(assembled.telemetry, now, staleAfterMs);
  let reason =
    result.status === "no_data" && !isStale && assembled.missingLatencyBucket !== null
      ? describeMissingLatencyBucket(assembled.missingLatencyBucket)
      : result.reason;
  // The card says when the count under the threshold is an interpolation, not a measurement.
  if (result.status !== "no_data" && assembled.interpolatedLatency !== null) {
    const note = describeInterpolatedLatency(assembled.interpolatedLatency);
    reason = reason === null || reason === "" ? note : `${reason} ${note}`;
  }
  const sloCounts = assembled.telemetry.windows.slo;
  const alerts = result.alerts.map((alert) => ({
    severity: alert.severity,
    longWindow: alert.longWindow,
    shortWindow: alert.shortWindow,
    threshold: alert.threshold,
    firing: alert.firing,
    insufficientData: alert.insufficientData,
  }));
  const write: TSloEvaluationWrite = {
    id: slo.id,
    previousStatus: slo.status,
    status: result.status,
    statusReason: reason,
    sli: result.sli,
    budgetRemaining: result.budgetRemaining,
    burnRates: result.burnRates,
    alerts,
    isOutOfSlo: result.isOutOfSlo,
    isTelemetryStale: isStale,
    windowGoodEvents: isStale || sloCounts === undefined ? null : Math.min(sloCounts.good, sloCounts.total),
    windowTotalEvents: isStale || sloCounts === undefined ? null : sloCounts.total,
  };
  // What the history keeps about the moment of a transition.
  const details: Record<string, unknown> = {
    sloId: slo.id,
    sloName: slo.name,
    kind: slo.kind,
    objective: slo.objective,
    windowDays: slo.windowDays,
    from: slo.status,
    to: result.status,
    reason,
    sli: result.sli,
    budgetRemaining: result.budgetRemaining,
    budgetRemainingEvents: result.budgetRemainingEvents,
    burnRates: result.burnRates,
    firingAlerts: result.alerts.filter((alert) => alert.firing).map((alert) => `${alert.severity} ${alert.longWindow}/${alert.shortWindow} > ${alert.threshold}x`),
    isOutOfSlo: result.isOutOfSlo,
  };
  return { write, details };
}

/** Mirrors the math's first rule, so the page can say "stale" rather than just "no data". */
function describesStaleness(telemetry: { measuredAt: Date | null; staleReason: string | null }, now: Date, staleAfterMs: number): boolean {
  if (telemetry.staleReason !== null) return true;
  if (telemetry.measuredAt === null) return false;
  return now.getTime() - telemetry.measuredAt.getTime() > staleAfterMs;
}

function floorToMinute(date: Date): Date {
  return new Date(Math.floor(date.getTime() / MINUTE_MS) * MINUTE_MS);
}
