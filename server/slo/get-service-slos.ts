import { isOutOfSlo } from "@/domain/slo/slo-status-vocabulary.ts";
import { errorBudget } from "@/domain/slo/error-budget.ts";
import { BURN_RATE_ALERTS } from "@/domain/slo/burn-rate-alerts.ts";
import { WINDOW_NAMES } from "@/domain/slo/slo-types.ts";
import { SLO_STATUSES, type TSloStatus } from "@/server/catalog/catalog.schemas.ts";
import type { TSloAlert, TSloProvenance, TSloProvenanceKind, TSloSummary, TSloTransition } from "./slo.schemas.ts";
import { findRecentSloTransitions, findServiceRef, findServiceSlos, type TStoredSlo } from "./slo.repository.ts";

const TRANSITIONS_PER_SLO = 5;

/** The service page's SLO cards: definitions, the last evaluation, and the latest transitions. */
export async function getServiceSlos(organizationId: string, serviceSlug: string): Promise<TSloSummary[]> {
  const [slos, transitions] = await Promise.all([
    findServiceSlos(organizationId, serviceSlug),
    findRecentSloTransitions(organizationId, serviceSlug, 100),
  ]);
  const bySlo = new Map<string, TSloTransition[]>();
  for (const transition of transitions) {
    if (transition.sloId === null) continue;
    const list = bySlo.get(transition.sloId) ?? [];
    if (list.length >= TRANSITIONS_PER_SLO) continue;
    const details = (transition.details ?? {}) as Record<string, unknown>;
    const from = readStatus(details["from"]);
    const to = readStatus(details["to"]);
    if (from === null || to === null) continue;
    list.push({
      at: transition.occurredAt.toISOString(),
      from,
      to,
      reason: typeof details["reason"] === "string" ? details["reason"] : null,
      budgetRemaining: typeof details["budgetRemaining"] === "number" ? details["budgetRemaining"] : null,
    });
    bySlo.set(transition.sloId, list);
  }
  return slos.map((slo) => toSloSummary(slo, bySlo.get(slo.id) ?? []));
}

/** Like getServiceSlos, but null when the service does not exist (the API answers 404 then). */
export async function listServiceSlos(organizationId: string, serviceSlug: string): Promise<TSloSummary[] | null> {
  if ((await findServiceRef(organizationId, serviceSlug)) === null) return null;
  return getServiceSlos(organizationId, serviceSlug);
}

export function toSloSummary(slo: TStoredSlo, recentTransitions: TSloTransition[]): TSloSummary {
  const burnRates = readBurnRates(slo.burnRates);
  const total = slo.windowTotalEvents;
  const good = slo.windowGoodEvents;
  const allowed = total === null ? null : errorBudget(slo.objective, total);
  const bad = total === null || good === null ? null : Math.max(0, total - good);
  return {
    name: slo.name,
    kind: slo.kind,
    objective: slo.objective,
    windowDays: slo.windowDays,
    latencyThresholdMs: slo.latencyThresholdMs,
    minRequests: slo.minRequests,
    source: slo.source,
    provenance: describeProvenance(slo),
    isEditable: slo.source === "ui",
    status: slo.status,
    statusReason: slo.statusReason,
    statusSince: slo.statusSince?.toISOString() ?? null,
    evaluatedAt: slo.evaluatedAt?.toISOString() ?? null,
    isOutOfSlo: isOutOfSlo(slo.status),
    isTelemetryStale: slo.isTelemetryStale,
    sli: slo.sli,
    budgetRemaining: slo.budgetRemaining,
    budgetRemainingEvents: allowed === null || bad === null ? null : allowed - bad,
    allowedBadEvents: allowed,
    windowTotalEvents: total,
    windowBadEvents: bad,
    burnRates,
    alerts: readAlerts(slo.alerts, burnRates),
    recentTransitions,
  };
}

function describeProvenance(slo: Pick<TStoredSlo, "source" | "provenance" | "catalogOrigin">): TSloProvenance {
  const stored = (typeof slo.provenance === "object" && slo.provenance !== null ? slo.provenance : {}) as Record<string, unknown>;
  const text = (key: string) => (typeof stored[key] === "string" ? (stored[key] as string) : null);
  const file = text("file");
  const origin = text("origin") ?? slo.catalogOrigin;
  const kind = readProvenanceKind(stored["kind"], slo.source);
  const where = file ? ` in ${file}` : origin ? ` in ${origin}` : "";
  const label =
    kind === "annotation"
      ? `annotation ${text("field") ?? "plumbline.dev/slo-*"}${where}`
      : kind === "openslo"
        ? `OpenSLO document ${text("field") ?? ""}${where}`.replace("  ", " ")
        : kind === "tier_default"
          ? `the tier ${typeof stored["tier"] === "number" ? stored["tier"] : "?"} default${origin ? ` (tier declared in ${origin})` : ""}`
          : kind === "form"
            ? "the form on this service page"
            : "the API";
  return { kind, label, origin, file };
}

function readProvenanceKind(value: unknown, source: string): TSloProvenanceKind {
  if (value === "annotation" || value === "openslo" || value === "tier_default" || value === "form" || value === "api") return value;
  return source === "ui" ? "form" : "annotation";
}

function readBurnRates(value: unknown): Record<string, number | null> {
  const stored = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  const rates: Record<string, number | null> = {};
  for (const window of WINDOW_NAMES) {
    const burn = stored[window];
    rates[window] = typeof burn === "number" && Number.isFinite(burn) ? burn : null;
  }
  return rates;
}

/** Stored states joined with today's alert table, so a renamed or retuned rule never shows stale thresholds. */
function readAlerts(value: unknown, burnRates: Record<string, number | null>): TSloAlert[] {
  const stored = Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
  return BURN_RATE_ALERTS.map((rule) => {
    const state = stored.find((entry) => entry?.["longWindow"] === rule.longWindow && entry?.["shortWindow"] === rule.shortWindow);
    return {
      severity: rule.severity,
      longWindow: rule.longWindow,
      shortWindow: rule.shortWindow,
      threshold: rule.threshold,
      longBurn: burnRates[rule.longWindow] ?? null,
      shortBurn: burnRates[rule.shortWindow] ?? null,
      firing: state?.["firing"] === true,
      // Never evaluated reads as "not enough data", never as "fine".
      insufficientData: state === undefined || state["insufficientData"] === true,
    };
  });
}

function readStatus(value: unknown): TSloStatus | null {
  return typeof value === "string" && (SLO_STATUSES as readonly string[]).includes(value) ? (value as TSloStatus) : null;
}
