import { assessServiceStaleness } from "@/domain/catalog/assess-service-staleness.ts";
import { getConfig } from "@/server/config/get-config.ts";
import { getServiceSlos } from "@/server/slo/get-service-slos.ts";
import type { TServiceDetail } from "./catalog.schemas.ts";
import { findServiceEntryRelations } from "./catalog-entries.repository.ts";
import { findServiceDetail } from "./catalog-read.repository.ts";
import { findServiceStalenessFacts } from "./catalog-staleness.repository.ts";

/** A completed telemetry round older than this: the source stopped answering, traffic unknown. */
const TELEMETRY_ROUND_MAX_AGE_MS = 60 * 60_000;

/** The service page and GET /api/v1/services/{slug}: catalog facts plus the service's SLOs and staleness. */
export async function getService(organizationId: string, slug: string): Promise<TServiceDetail | null> {
  const [detail, slos, facts] = await Promise.all([
    findServiceDetail(organizationId, slug),
    getServiceSlos(organizationId, slug),
    findServiceStalenessFacts(organizationId, slug),
  ]);
  if (detail === null || facts === null) return null;
  const staleness = assessServiceStaleness({
    ...facts,
    now: new Date(),
    staleAfterMs: getConfig().mesh.serviceStaleAfterMs,
    telemetryMaxAgeMs: TELEMETRY_ROUND_MAX_AGE_MS,
  });
  const relations = await findServiceEntryRelations(organizationId, { slug, resourceRefs: detail.resourceRefs });
  return { ...detail, ...relations, slos, staleness };
}
