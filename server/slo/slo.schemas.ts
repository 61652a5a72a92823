import { z } from "zod";
import type { TSloStatus, TTeamRef } from "@/server/catalog/catalog.schemas.ts";

/** What pages and the API read and send about SLOs: plain data, no Prisma types. */

export const SLO_KINDS = ["availability", "latency"] as const;
export type TSloKind = (typeof SLO_KINDS)[number];

const SLO_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** The service page's form (and POST /api/v1/services/{slug}/slos). */
export const ZSloInput = z
  .object({
    name: z
      .string({ error: "name is required, e.g. availability" })
      .trim()
      .regex(SLO_NAME, 'name must be lowercase letters, digits and "-" (at most 63), e.g. "availability" or "checkout-latency"'),
    kind: z.enum(SLO_KINDS, { error: "kind must be availability or latency" }),
    objective: z
      .number({ error: "objective must be a number such as 99.9" })
      .gt(0, "objective must be above 0")
      .lt(100, "objective must be below 100 (100 leaves no error budget), e.g. 99.9")
      // 99.95 typed in a form is exactly what is stored, not 99.95000000000002.
      .transform((value) => Number(value.toPrecision(12))),
    windowDays: z
      .number({ error: "windowDays must be a whole number of days such as 28" })
      .int("windowDays must be a whole number of days")
      .min(1, "windowDays must be at least 1")
      .max(90, "windowDays must be at most 90 (the telemetry retention Plumbline asks for)")
      .default(28),
    latencyThresholdMs: z
      .number({ error: "latencyThresholdMs must be a number of milliseconds such as 300" })
      .int("latencyThresholdMs must be a whole number of milliseconds (mesh histograms count in ms)")
      .positive("latencyThresholdMs must be above zero")
      .max(600_000, "latencyThresholdMs must be at most 600000 (10 minutes)")
      .nullable()
      .default(null),
    minRequests: z
      .number({ error: "minRequests must be a whole number such as 100" })
      .int("minRequests must be a whole number")
      .min(0, "minRequests must be 0 or more")
      .max(1_000_000_000, "minRequests is implausibly large")
      .default(100),
  })
  .superRefine((input, ctx) => {
    if (input.kind === "latency" && input.latencyThresholdMs === null) {
      ctx.addIssue({
        code: "custom",
        path: ["latencyThresholdMs"],
        message: "a latency SLO needs latencyThresholdMs: requests faster than it count as good, e.g. 300",
      });
    }
    if (input.kind === "availability" && input.latencyThresholdMs !== null) {
      ctx.addIssue({
        code: "custom",
        path: ["latencyThresholdMs"],
        message: "only latency SLOs have a threshold; leave latencyThresholdMs out for availability",
      });
    }
  });
export type TSloInput = z.infer<typeof ZSloInput>;

export const SLO_HISTORY_RANGES = ["window", "48h", "6h"] as const;
export type TSloHistoryRange = (typeof SLO_HISTORY_RANGES)[number];

export const ZSloHistoryQuery = z.object({
  range: z.enum(SLO_HISTORY_RANGES, { error: 'range must be "window" (the SLO window), "48h" or "6h"' }).default("window"),
});

export type TSloProvenanceKind = "annotation" | "openslo" | "tier_default" | "form" | "api";

/** Where an SLO's definition lives, so people know where to change it. */
export interface TSloProvenance {
  kind: TSloProvenanceKind;
  /** Completes "Defined by …": `annotation plumbline.dev/slo-latency in catalog/example/components-checkout.yaml`. */
  label: string;
  /** The catalog location (file or directory import) for catalog SLOs. */
  origin: string | null;
  file: string | null;
}

export interface TSloAlert {
  severity: "page" | "ticket";
  longWindow: string;
  shortWindow: string;
  threshold: number;
  longBurn: number | null;
  shortBurn: number | null;
  firing: boolean;
  /** A window had fewer than minRequests requests, so this alert could not fire. */
  insufficientData: boolean;
}

export interface TSloTransition {
  at: string;
  from: TSloStatus;
  to: TSloStatus;
  reason: string | null;
  budgetRemaining: number | null;
}

export interface TSloSummary {
  name: string;
  kind: TSloKind;
  objective: number;
  windowDays: number;
  latencyThresholdMs: number | null;
  minRequests: number;
  /** FactSource of the row: catalog (annotations, OpenSLO, tier defaults) or ui. */
  source: string;
  provenance: TSloProvenance;
  /** Only SLOs made on the service page are edited there; catalog ones are changed in the catalog. */
  isEditable: boolean;
  status: TSloStatus;
  statusReason: string | null;
  statusSince: string | null;
  evaluatedAt: string | null;
  /** "Out of SLO" = breached (domain/slo/slo-status-vocabulary.ts). */
  isOutOfSlo: boolean;
  isTelemetryStale: boolean;
  /** good / total over the SLO window, 0..1. */
  sli: number | null;
  /** 1 - bad / allowed; negative when overspent. */
  budgetRemaining: number | null;
  /** allowed - bad over the SLO window, in requests; negative when overspent. */
  budgetRemainingEvents: number | null;
  allowedBadEvents: number | null;
  windowTotalEvents: number | null;
  windowBadEvents: number | null;
  /** Keyed by window: "5m", "30m", "1h", "2h", "6h", "1d", "3d", "slo". */
  burnRates: Record<string, number | null>;
  alerts: TSloAlert[];
  /** Newest first. */
  recentTransitions: TSloTransition[];
}

export interface TSloHistoryPoint {
  at: string;
  status: TSloStatus;
  sli: number | null;
  budgetRemaining: number | null;
  burnRate1h: number | null;
  /** Burn rate per window ("5m" … "3d", "slo"): the highest of the bucket, for the burn-rate charts. */
  burnRates: Record<string, number | null>;
}

/** One burn-rate alert of the SLO (its windows and threshold), for a chart per alert. */
export interface TSloHistoryAlert {
  severity: string;
  longWindow: string;
  shortWindow: string;
  threshold: number;
}

export interface TSloHistory {
  service: string;
  slo: string;
  objective: number;
  windowDays: number;
  range: TSloHistoryRange;
  /** Each point summarises this many minutes (the worst moment in it). */
  bucketMinutes: number;
  from: string;
  to: string;
  points: TSloHistoryPoint[];
  /** The SLO's latest evaluation (what its card shows), so the chart's last point and the card agree. Null before the first. */
  current: TSloHistoryPoint | null;
  alerts: TSloHistoryAlert[];
}

export interface TSloOverviewItem {
  service: { slug: string; name: string; ownerTeam: TTeamRef | null; tier: number | null };
  slo: string;
  kind: TSloKind;
  objective: number;
  status: TSloStatus;
  statusReason: string | null;
  statusSince: string | null;
  isOutOfSlo: boolean;
  budgetRemaining: number | null;
  burnRate1h: number | null;
  burnRate6h: number | null;
}

export interface TSloOverview {
  /** Breached or a page alert firing, worst budget first. */
  outOfSlo: TSloOverviewItem[];
  /** Highest 1-hour burn rate above 1x (spending faster than the budget allows), fastest first. */
  burningFastest: TSloOverviewItem[];
  counts: { total: number; healthy: number; at_risk: number; breached: number; no_data: number };
  evaluatedAt: string | null;
}

/** GET /api/v1/slos/export: OpenSLO v1 documents, or Prometheus rules for one mesh dialect. */
export const ZSloExportQuery = z.object({
  format: z.enum(["openslo", "prometheus"], { error: "format must be openslo or prometheus" }).default("openslo"),
  dialect: z.enum(["istio", "linkerd", "otel"], { error: "dialect must be istio, linkerd or otel" }).optional(),
});
