import type { TCatalogOverview } from "./catalog.schemas.ts";
import { findCatalogOverview, hasAnyService } from "./catalog-read.repository.ts";

export function getCatalogOverview(organizationId: string): Promise<TCatalogOverview> {
  return findCatalogOverview(organizationId);
}

/** Whether the catalog holds any service at all (archived too): the services list's empty state tells "no match" from "empty". */
export function catalogHasServices(organizationId: string): Promise<boolean> {
  return hasAnyService(organizationId);
}
