import type { BurnRateAlertRule } from "@/domain/slo/burn-rate-alerts.ts";
import { applySliceBudget, budgetWindow, evaluateSliceBudget, readStoredBudgeting, sliceMinutesOf, SLICE_WINDOWS, usesTimeSlices } from "@/domain/slo/slo-budgeting.ts";
import { assembleSloTelemetry, describeInterpolatedLatency, describeMissingLatencyBucket, type TelemetryWindowRow } from "@/domain/slo/assemble-slo-telemetry.ts";
import { describeSloTransition, sloTransitionDedupeKey } from "@/domain/slo/describe-slo-transition.ts";
import { evaluateSlo } from "@/domain/slo/evaluate-slo.ts";
import { sameAlerts, sameStoredEvaluation } from "@/domain/slo/same-stored-evaluation.ts";
import { DEFAULT_STALE_AFTER_MS } from "@/domain/slo/slo-defaults.ts";
import { createTurnBudget, type TTurnBudget } from "@/server/system/turn-budget.ts";
import {
  findServiceSlugsByIds,
  findSloTimeSlices,
  findSlosForEvaluation,
  findTelemetryRows,
  recordSloTimeSlices,
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
  /** When the evaluation loop lets the event loop turn (default: every 10 ms of evaluation). */
  turnBudget?: TTurnBudget;
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
  // All of the organization: both reads at once (on Postgres two connections; in the embedded
  // database's worker, the telemetry query runs while this thread parses the SLOs).
  const [slos, allTelemetry] = options.sloIds
    ? [await findSlosForEvaluation(organizationId, options.sloIds), null]
    : await Promise.all([findSlosForEvaluation(organizationId), findTelemetryRows(organizationId)]);
  if (slos.length === 0) return { evaluated: 0, failed: 0, written: 0, snapshots: 0, transitions: 0 };
  const telemetry = allTelemetry ?? (await findTelemetryRows(organizationId, [...new Set(slos.map((slo) => slo.serviceId))]));
  const rowsByService = new Map<string, TelemetryWindowRow[]>();
  for (const row of telemetry) {
    const list = rowsByService.get(row.serviceId) ?? [];
    list.push(row);
    rowsByService.set(row.serviceId, list);
  }

  const slices = await recordAndReadTimeSlices(organizationId, slos, rowsByService, now, staleAfterMs);

  const evaluations: TSloEvaluationWrite[] = [];
  const transitions: (Omit<TSloTransitionWrite, "title"> & { slo: TSloForEvaluation; to: TSloForEvaluation["status"]; budgetRemaining: number | null })[] = [];
  let failed = 0;
  // Thousands of SLOs are a few hundred ms of math: in stretches, so requests (and, on the
  // embedded database, the gate in the same process) are not held for the whole loop.
  const budget = options.turnBudget ?? createTurnBudget();
  for (const slo of slos) {
    await budget.yieldIfSpent();
    try {
      const evaluation = evaluateOne(slo, rowsByService.get(slo.serviceId) ?? [], now, staleAfterMs, slices.get(slo.id) ?? []);
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
          details: evaluation.details(),
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

/** Stored OpenSLO alert rules (domain/slo/read-alert-policies.ts); none → the workbook defaults. */
function alertRulesOf(alerting: unknown): { alertRules?: BurnRateAlertRule[] } {
  const rules = (alerting as { rules?: unknown } | null)?.rules;
  return Array.isArray(rules) && rules.length > 0 ? { alertRules: rules as BurnRateAlertRule[] } : {};
}

function definitionOf(slo: TSloForEvaluation) {
  return {
    kind: slo.kind,
    objective: slo.objective,
    windowDays: slo.windowDays,
    minRequests: slo.minRequests,
    ...(slo.latencyThresholdMs === null ? {} : { latencyThresholdMs: slo.latencyThresholdMs }),
    ...alertRulesOf(slo.alerting),
  };
}

/**
 * SLOs budgeted by time slices (OpenSLO Timeslices, RatioTimeslices) or over a calendar
 * window record, at each evaluation, the current slice's counts from the telemetry window
 * of the slice's length (the reading nearest the slice's end wins), then read back the
 * slices of their window.
 */
async function recordAndReadTimeSlices(
  organizationId: string,
  slos: readonly TSloForEvaluation[],
  rowsByService: ReadonlyMap<string, TelemetryWindowRow[]>,
  now: Date,
  staleAfterMs: number,
): Promise<Map<string, { start: Date; good: number; total: number }[]>> {
  const sliced = slos.filter((slo) => usesTimeSlices(readStoredBudgeting(slo.budgeting)));
  if (sliced.length === 0) return new Map();
  const records: { sloId: string; start: Date; good: number; total: number }[] = [];
  let since = now;
  for (const slo of sliced) {
    const budgeting = readStoredBudgeting(slo.budgeting);
    const window = budgetWindow(budgeting, slo.windowDays, now);
    if (window.start < since) since = window.start;
    if (slo.kind === "latency" && slo.latencyThresholdMs === null) continue;
    const { telemetry } = assembleSloTelemetry(definitionOf(slo), rowsByService.get(slo.serviceId) ?? []);
    if (describesStaleness(telemetry, now, staleAfterMs) || telemetry.measuredAt === null) continue;
    const sliceMinutes = sliceMinutesOf(budgeting);
    const counts = telemetry.windows[SLICE_WINDOWS.get(sliceMinutes) ?? "5m"];
    if (counts === undefined) continue;
    const sliceMs = sliceMinutes * MINUTE_MS;
    // The counts cover the slice length ending at measuredAt: they belong to the slice that reading falls in.
    const start = new Date(Math.floor((telemetry.measuredAt.getTime() - 1) / sliceMs) * sliceMs);
    records.push({ sloId: slo.id, start, good: Math.min(counts.good, counts.total), total: counts.total });
  }
  await recordSloTimeSlices(organizationId, records);
  return findSloTimeSlices(organizationId, sliced.map((slo) => slo.id), since);
}

function evaluateOne(
  slo: TSloForEvaluation,
  rows: readonly TelemetryWindowRow[],
  now: Date,
  staleAfterMs: number,
  slices: readonly { start: Date; good: number; total: number }[],
) {
  const definition = definitionOf(slo);
  if (slo.kind === "latency" && slo.latencyThresholdMs === null) {
    throw new RangeError(`latency SLO "${slo.name}" has no latency threshold`);
  }
  const assembled = assembleSloTelemetry(definition, rows);
  const budgeting = readStoredBudgeting(slo.budgeting);
  const isSliced = usesTimeSlices(budgeting);
  const rolling = evaluateSlo(definition, assembled.telemetry, now, staleAfterMs);
  const result = isSliced
    ? applySliceBudget(rolling, evaluateSliceBudget({ budgeting, objective: slo.objective, window: budgetWindow(budgeting, slo.windowDays, now), slices }))
    : rolling;
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
    // A slice-budgeted SLO's budget is not in requests: no event counts, so nothing contradicts it.
    windowGoodEvents: isStale || isSliced || sloCounts === undefined ? null : Math.min(sloCounts.good, sloCounts.total),
    windowTotalEvents: isStale || isSliced || sloCounts === undefined ? null : sloCounts.total,
    unchanged: false,
    alertsUnchanged: false,
  };
  write.unchanged = sameStoredEvaluation(slo.stored, write);
  write.alertsUnchanged = write.unchanged || sameAlerts(slo.stored.alerts, alerts);
  // What the history keeps about the moment of a transition: built only for a transition (a
  // steady cycle has none; building it for each of 10,000 SLOs was garbage every minute).
  const details = (): Record<string, unknown> => ({
    sloId: slo.id,
    sloName: slo.name,
    kind: slo.kind,
    objective: slo.objective,
    windowDays: slo.windowDays,
    ...(isSliced ? { budgeting } : {}),
    from: slo.status,
    to: result.status,
    reason,
    sli: result.sli,
    budgetRemaining: result.budgetRemaining,
    budgetRemainingEvents: result.budgetRemainingEvents,
    burnRates: result.burnRates,
    firingAlerts: result.alerts.filter((alert) => alert.firing).map((alert) => `${alert.severity} ${alert.longWindow}/${alert.shortWindow} > ${alert.threshold}x`),
    isOutOfSlo: result.isOutOfSlo,
  });
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
