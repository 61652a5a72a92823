import { z } from "zod";
import { readIncidentKind, type TIncidentKind } from "./incident-kinds.ts";

/**
 * Alertmanager's webhook body, version 4, as documented
 * (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config): one
 * notification per alert group. Accepted as-is: unknown fields are ignored, so a newer
 * Alertmanager (or Grafana's compatible webhook, which adds orgId, values…) still fits.
 */
const ZLabels = z.record(z.string(), z.string());

export const ZAlertmanagerAlert = z.object({
  status: z.enum(["firing", "resolved"]),
  labels: ZLabels.default({}),
  annotations: ZLabels.default({}),
  startsAt: z.string(),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().optional(),
});
export type TAlertmanagerAlert = z.infer<typeof ZAlertmanagerAlert>;

export const ZAlertmanagerPayload = z.object({
  version: z.literal("4", { message: 'version must be "4" (Alertmanager\'s webhook payload version)' }),
  groupKey: z.string().min(1, "groupKey must name the alert group"),
  truncatedAlerts: z.number().int().min(0).optional(),
  status: z.enum(["firing", "resolved"]),
  receiver: z.string().optional(),
  groupLabels: ZLabels.default({}),
  commonLabels: ZLabels.default({}),
  commonAnnotations: ZLabels.default({}),
  externalURL: z.string().optional(),
  alerts: z.array(ZAlertmanagerAlert).max(1000),
});
export type TAlertmanagerPayload = z.infer<typeof ZAlertmanagerPayload>;

/** Labels that name the service an alert is about, in the order they are tried. */
export const SERVICE_LABELS = ["plumbline_service", "service", "app", "app_kubernetes_io_name", "destination_service_name", "job"] as const;

export interface TAlertmanagerPlan {
  groupKey: string;
  /** firing: open (or update) the group's incident; resolved: resolve it. */
  status: "firing" | "resolved";
  kind: TIncidentKind;
  title: string;
  description: string | null;
  /** Candidate service slugs named by the alerts' labels (the caller keeps those that exist). */
  serviceSlugs: string[];
  /** The earliest startsAt of the group's alerts: when the incident started. */
  startedAt: Date;
  sourceUrl: string | null;
  /** One timeline entry per alert state seen; the dedupe key makes a redelivery add nothing. */
  timeline: { at: Date; text: string; sourceUrl: string | null; dedupeKey: string }[];
}

/**
 * What a webhook notification means for the group's incident. Pure: the caller finds the
 * group's open incident (or opens one) and applies it. Severity comes from the common
 * `severity` label (critical → SEV1, …; SEV3 when absent: an alert is at least worth a report).
 */
export function planAlertmanagerNotification(payload: TAlertmanagerPayload, now: Date): TAlertmanagerPlan {
  const common = payload.commonLabels;
  const alertname = common.alertname ?? payload.groupLabels.alertname ?? payload.alerts[0]?.labels.alertname ?? "Alert";
  const summary = payload.commonAnnotations.summary ?? payload.commonAnnotations.title;
  const firing = payload.alerts.filter((alert) => alert.status === "firing").length;
  const title = summary ? `${alertname}: ${summary}` : `${alertname} (${firing || payload.alerts.length} alert${(firing || payload.alerts.length) === 1 ? "" : "s"})`;
  const kind = readIncidentKind(common.severity ?? common.sev ?? common.priority) ?? "SEV3";

  const slugs = new Set<string>();
  for (const labels of [common, ...payload.alerts.map((alert) => alert.labels)]) {
    for (const name of SERVICE_LABELS) {
      const value = labels[name]?.trim();
      if (value) {
        slugs.add(value);
        break;
      }
    }
  }

  const starts = payload.alerts.map((alert) => parseAlertTime(alert.startsAt)).filter((at): at is Date => at !== null);
  const startedAt = starts.length === 0 ? now : new Date(Math.min(...starts.map((at) => at.getTime())));

  const timeline = payload.alerts.map((alert) => {
    const identity = alert.fingerprint ?? JSON.stringify(Object.entries(alert.labels).sort());
    const starts = parseAlertTime(alert.startsAt) ?? startedAt;
    const ends = alert.endsAt ? parseAlertTime(alert.endsAt) : null;
    const name = alert.labels.alertname ?? alertname;
    const what = alert.annotations.summary ?? alert.annotations.description ?? name;
    return alert.status === "firing"
      ? { at: starts, text: `Alert firing: ${what}`, sourceUrl: alert.generatorURL ?? null, dedupeKey: `${identity}:${starts.toISOString()}:firing` }
      : { at: ends ?? now, text: `Alert resolved: ${what}`, sourceUrl: alert.generatorURL ?? null, dedupeKey: `${identity}:${starts.toISOString()}:resolved` };
  });

  return {
    groupKey: payload.groupKey,
    status: payload.status,
    kind,
    title: title.slice(0, 300),
    description: payload.commonAnnotations.description ?? null,
    serviceSlugs: [...slugs],
    startedAt,
    sourceUrl: payload.externalURL ?? null,
    timeline,
  };
}

/** Alertmanager writes "0001-01-01T00:00:00Z" for "no end yet". */
function parseAlertTime(text: string): Date | null {
  const at = new Date(text);
  if (Number.isNaN(at.getTime()) || at.getUTCFullYear() < 1970) return null;
  return at;
}
