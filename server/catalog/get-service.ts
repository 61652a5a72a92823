import { getServiceSlos } from "@/server/slo/get-service-slos.ts";
import type { TServiceDetail } from "./catalog.schemas.ts";
import { findServiceEntryRelations } from "./catalog-entries.repository.ts";
import { findServiceDetail } from "./catalog-read.repository.ts";
import { getServiceStaleness } from "./get-service-staleness.ts";

/** The service page and GET /api/v1/services/{slug}: catalog facts plus the service's SLOs and staleness. */
export async function getService(organizationId: string, slug: string): Promise<TServiceDetail | null> {
  const [detail, slos, staleness] = await Promise.all([
    findServiceDetail(organizationId, slug),
    getServiceSlos(organizationId, slug),
    getServiceStaleness(organizationId, slug, new Date()),
  ]);
  if (detail === null || staleness === null) return null;
  const relations = await findServiceEntryRelations(organizationId, { slug, resourceRefs: detail.resourceRefs });
  return { ...detail, ...relations, slos, staleness };
}
