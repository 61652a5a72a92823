import type { TServiceDetail } from "./catalog.schemas.ts";
import { findServiceDetail } from "./catalog-read.repository.ts";

export function getService(organizationId: string, slug: string): Promise<TServiceDetail | null> {
  return findServiceDetail(organizationId, slug);
}
