import { foldSnapshotValues } from "@/domain/slo/fold-snapshot-values.ts";
import { readBurnRates } from "./read-burn-rates.ts";
import type { TSloHistory, TSloHistoryAlert, TSloHistoryRange } from "./slo.schemas.ts";
import { findServiceSlo, findSloSnapshots } from "./slo.repository.ts";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** How far back each range looks, and how many minutes one chart point summarises. */
function rangeOf(range: TSloHistoryRange, windowDays: number): { spanMs: number; bucketMs: number } {
  if (range === "6h") return { spanMs: 6 * HOUR_MS, bucketMs: MINUTE_MS };
  if (range === "48h") return { spanMs: 48 * HOUR_MS, bucketMs: 10 * MINUTE_MS };
  return { spanMs: windowDays * 24 * HOUR_MS, bucketMs: HOUR_MS };
}

/**
 * Status snapshots of one SLO for its burn-down chart: the whole SLO window in hourly
 * points, or the last 48 h / 6 h in finer ones (minute snapshots are kept two days).
 * Each point is the worst moment of its bucket, the same rule the hourly downsampling
 * uses, so zooming out never hides a dip. Null when the SLO does not exist.
 */
export async function getSloHistory(
  organizationId: string,
  serviceSlug: string,
  name: string,
  range: TSloHistoryRange,
  now: Date = new Date(),
): Promise<TSloHistory | null> {
  const slo = await findServiceSlo(organizationId, serviceSlug, name);
  if (slo === null) return null;
  const { spanMs, bucketMs } = rangeOf(range, slo.windowDays);
  const from = new Date(Math.floor((now.getTime() - spanMs) / bucketMs) * bucketMs);
  const snapshots = await findSloSnapshots(organizationId, slo.id, from);

  const buckets = new Map<number, typeof snapshots>();
  for (const snapshot of snapshots) {
    const start = Math.floor(snapshot.at.getTime() / bucketMs) * bucketMs;
    const list = buckets.get(start) ?? [];
    list.push(snapshot);
    buckets.set(start, list);
  }
  const points = [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([start, members]) => {
      const folded = foldSnapshotValues(members.map((member) => ({ ...member, burnRates: readBurnRates(member.burnRates) })));
      return {
        at: new Date(start).toISOString(),
        status: folded.status,
        sli: folded.sli,
        budgetRemaining: folded.budgetRemaining,
        burnRate1h: folded.burnRates["1h"] ?? null,
        burnRates: { ...folded.burnRates },
      };
    });
  const currentBurnRates = readBurnRates(slo.burnRates);
  const current =
    slo.evaluatedAt === null
      ? null
      : {
          at: slo.evaluatedAt.toISOString(),
          status: slo.status,
          sli: slo.sli,
          budgetRemaining: slo.budgetRemaining,
          burnRate1h: currentBurnRates["1h"] ?? null,
          burnRates: { ...currentBurnRates },
        };
  return {
    service: serviceSlug,
    slo: slo.name,
    objective: slo.objective,
    windowDays: slo.windowDays,
    range,
    bucketMinutes: bucketMs / MINUTE_MS,
    from: from.toISOString(),
    to: now.toISOString(),
    points,
    current,
    alerts: readAlerts(slo.alerts),
  };
}

/** The stored alert states (server/slo/evaluate-organization-slos.ts writes them), read defensively. */
function readAlerts(value: unknown): TSloHistoryAlert[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((alert: unknown) => {
    if (alert === null || typeof alert !== "object") return [];
    const { severity, longWindow, shortWindow, threshold } = alert as Record<string, unknown>;
    return typeof severity === "string" && typeof longWindow === "string" && typeof shortWindow === "string" && typeof threshold === "number"
      ? [{ severity, longWindow, shortWindow, threshold }]
      : [];
  });
}
