import { assessServiceStaleness, type TServiceStaleness } from "@/domain/catalog/assess-service-staleness.ts";
import { getConfig } from "@/server/config/get-config.ts";
import { findServiceStalenessFacts, findTelemetryMeasuredAt } from "./catalog-staleness.repository.ts";

/** A completed telemetry round older than this: the source stopped answering, traffic unknown. */
export const TELEMETRY_ROUND_MAX_AGE_MS = 60 * 60_000;

/** Whether a service is stale (domain/catalog/assess-service-staleness.ts); null when there is no such service. */
export async function getServiceStaleness(organizationId: string, slug: string, now: Date): Promise<TServiceStaleness | null> {
  const facts = await findServiceStalenessFacts(organizationId, slug);
  if (facts === null) return null;
  return assessServiceStaleness({ ...facts, now, staleAfterMs: getConfig().mesh.serviceStaleAfterMs, telemetryMaxAgeMs: TELEMETRY_ROUND_MAX_AGE_MS });
}

/**
 * The same judgement for a whole list (the `stale` filter): services with nothing seen
 * since `cutoff` are stale, but only while the telemetry can tell (`telemetryKnown`);
 * otherwise no service is.
 */
export interface TStalenessCutoff {
  cutoff: Date;
  telemetryKnown: boolean;
}

export async function getStalenessCutoff(organizationId: string, now: Date): Promise<TStalenessCutoff> {
  const measuredAt = await findTelemetryMeasuredAt(organizationId);
  return {
    cutoff: new Date(now.getTime() - getConfig().mesh.serviceStaleAfterMs),
    telemetryKnown: measuredAt !== null && now.getTime() - measuredAt.getTime() <= TELEMETRY_ROUND_MAX_AGE_MS,
  };
}
