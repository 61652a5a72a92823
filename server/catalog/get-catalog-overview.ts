import type { TCatalogOverview } from "./catalog.schemas.ts";
import { findCatalogOverview } from "./catalog-read.repository.ts";

export function getCatalogOverview(organizationId: string): Promise<TCatalogOverview> {
  return findCatalogOverview(organizationId);
}
