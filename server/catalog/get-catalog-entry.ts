import type { TCatalogEntryDetail, TCatalogEntryKind, TCatalogEntrySummary } from "./catalog.schemas.ts";
import { findCatalogEntries, findCatalogEntryDetail } from "./catalog-entries.repository.ts";

/** The page (and API answer) of one API, Resource or Domain. */
export function getCatalogEntry(organizationId: string, kind: TCatalogEntryKind, slug: string): Promise<TCatalogEntryDetail | null> {
  return findCatalogEntryDetail(organizationId, kind, slug);
}

export function listCatalogEntries(organizationId: string, kind?: TCatalogEntryKind): Promise<TCatalogEntrySummary[]> {
  return findCatalogEntries(organizationId, kind);
}
