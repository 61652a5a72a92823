import { stringify } from "yaml";
import { OPENSLO_API_VERSION, OPENSLO_MIN_REQUESTS_ANNOTATION } from "./parse-openslo-document.ts";
import type { SloAlerting } from "./read-alert-policies.ts";
import type { SloBudgeting } from "./slo-budgeting.ts";
import type { SloKind } from "./slo-types.ts";
import { DEFAULT_MIN_REQUESTS } from "./slo-defaults.ts";

export interface OpenSloExportSlo {
  serviceSlug: string;
  name: string;
  kind: SloKind;
  objective: number;
  windowDays: number;
  latencyThresholdMs: number | null;
  minRequests: number;
  budgeting: SloBudgeting;
  alerting?: SloAlerting;
}

/**
 * Every SLO as an OpenSLO v1 `kind: SLO` document, `---` separated, in the subset
 * domain/slo/parse-openslo-document.ts reads back: importing the text gives the same SLOs.
 * The indicator names Plumbline's own SLI (inbound non-5xx, or faster than the threshold);
 * its queries say so, as Plumbline does not run them.
 */
export function buildOpenSloExport(slos: readonly OpenSloExportSlo[]): string {
  const documents = slos.map((slo) => {
    const indicatorSpec =
      slo.kind === "latency"
        ? { thresholdMetric: { metricSource: { type: "Prometheus", spec: { query: `plumbline: inbound request latency of ${slo.serviceSlug}` } } } }
        : {
            ratioMetric: {
              counter: true,
              good: { metricSource: { type: "Prometheus", spec: { query: `plumbline: inbound non-5xx requests of ${slo.serviceSlug}` } } },
              total: { metricSource: { type: "Prometheus", spec: { query: `plumbline: inbound requests of ${slo.serviceSlug}` } } },
            },
          };
    const { budgeting } = slo;
    const calendar = budgeting.calendar;
    const timeWindow = calendar
      ? [{ duration: `${calendar.count}${calendar.unit}`, isRolling: false, calendar: { startTime: calendar.startTime, timeZone: calendar.timeZone } }]
      : [{ duration: `${slo.windowDays}d`, isRolling: true }];
    const objective: Record<string, unknown> = {
      target: Number((slo.objective / 100).toPrecision(12)),
      ...(slo.kind === "latency" && slo.latencyThresholdMs !== null ? { op: "lt", value: slo.latencyThresholdMs } : {}),
      ...(budgeting.timeSliceTarget === undefined ? {} : { timeSliceTarget: budgeting.timeSliceTarget }),
      ...(budgeting.sliceMinutes === undefined ? {} : { timeSliceWindow: sliceWindowText(budgeting.sliceMinutes) }),
    };
    return {
      apiVersion: OPENSLO_API_VERSION,
      kind: "SLO",
      metadata: {
        name: slo.name,
        ...(slo.minRequests === DEFAULT_MIN_REQUESTS ? {} : { annotations: { [OPENSLO_MIN_REQUESTS_ANNOTATION]: String(slo.minRequests) } }),
      },
      spec: {
        service: slo.serviceSlug,
        indicator: { metadata: { name: `${slo.serviceSlug}-${slo.name}` }, spec: indicatorSpec },
        timeWindow,
        budgetingMethod: budgeting.method ?? "Occurrences",
        objectives: [objective],
        ...alertPoliciesOf(slo),
      },
    };
  });
  return documents.map((document) => stringify(document, { lineWidth: 0 })).join("---\n");
}

/** The SLO's alert rules and targets as one inline AlertPolicy, which reads back as the same rules. */
function alertPoliciesOf(slo: OpenSloExportSlo): { alertPolicies?: unknown[] } {
  const rules = slo.alerting?.rules ?? [];
  const targets = slo.alerting?.notificationTargets ?? [];
  if (rules.length === 0 && targets.length === 0) return {};
  return {
    alertPolicies: [
      {
        kind: "AlertPolicy",
        metadata: { name: `${slo.name}-alerts` },
        spec: {
          conditions: rules.map((rule, index) => ({
            kind: "AlertCondition",
            metadata: { name: `${slo.name}-${rule.severity}-${index + 1}` },
            spec: { severity: rule.severity, condition: { kind: "burnrate", op: "gte", threshold: rule.threshold, lookbackWindow: rule.longWindow } },
          })),
          notificationTargets: targets.map((target) => ({
            kind: "AlertNotificationTarget",
            metadata: { name: target.name },
            spec: { target: target.target, ...(target.slackChannel ? { description: `Posts to ${target.slackChannel}` } : {}) },
          })),
        },
      },
    ],
  };
}

function sliceWindowText(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}
