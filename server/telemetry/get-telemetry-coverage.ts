import type { TCoverageRole } from "@/domain/telemetry/build-telemetry-coverage.ts";
import type { TResolutionRule } from "@/domain/telemetry/resolve-workload-service.ts";
import { findTelemetryCoverage } from "./telemetry-coverage.repository.ts";

/** One endpoint as the coverage page and `GET /api/v1/telemetry/coverage` show it. */
export interface TCoverageEndpointDto {
  role: TCoverageRole;
  namespace: string;
  /** "" when the series named no workload. */
  workload: string;
  labels: Record<string, string>;
  requestRate: number;
  service: { slug: string; name: string } | null;
  rule: TResolutionRule | null;
  matchedName: string | null;
  reason: string | null;
}

export interface TCoverageSide {
  endpoints: number;
  /** Σ request rate of these endpoints (each role counted on its own: a call is seen at both ends). */
  requestRate: number;
}

export interface TSourceCoverageDto {
  source: string;
  measuredAt: string;
  matched: TCoverageSide;
  unmatched: TCoverageSide;
  /** Unmatched first, then by request rate. */
  endpoints: TCoverageEndpointDto[];
}

export interface TTelemetryCoverageDto {
  sources: TSourceCoverageDto[];
}

/**
 * Per telemetry source, every endpoint its last complete round read: attributed (the
 * service and the rule) or unmatched (the reason). Empty when no round completed yet.
 */
export async function getTelemetryCoverage(organizationId: string): Promise<TTelemetryCoverageDto> {
  const rows = await findTelemetryCoverage(organizationId);
  const bySource = new Map<string, TSourceCoverageDto>();
  for (const row of rows) {
    const entry = bySource.get(row.source) ?? {
      source: row.source,
      measuredAt: row.measuredAt.toISOString(),
      matched: { endpoints: 0, requestRate: 0 },
      unmatched: { endpoints: 0, requestRate: 0 },
      endpoints: [],
    };
    bySource.set(row.source, entry);
    if (row.measuredAt.toISOString() > entry.measuredAt) entry.measuredAt = row.measuredAt.toISOString();
    const side = row.service ? entry.matched : entry.unmatched;
    side.endpoints += 1;
    side.requestRate += row.requestRate;
    entry.endpoints.push({
      role: row.role as TCoverageRole,
      namespace: row.namespace,
      workload: row.workload,
      labels: readLabels(row.labels),
      requestRate: row.requestRate,
      service: row.service,
      rule: row.rule as TResolutionRule | null,
      matchedName: row.matchedName,
      // A service deleted since the round leaves its rows unattributed: say so rather than show no reason.
      reason: row.service ? null : (row.reason ?? `attributed to \`${row.matchedName ?? "?"}\`, a service deleted since`),
    });
  }
  for (const entry of bySource.values()) {
    entry.endpoints.sort((a, b) => (a.service === null) !== (b.service === null) ? (a.service === null ? -1 : 1) : b.requestRate - a.requestRate);
  }
  return { sources: [...bySource.values()] };
}

function readLabels(value: unknown): Record<string, string> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}
