// The organization the gate benches decide in: the shared 10,000-service organization
// (server/testing/seed-large-organization.ts: 100 teams, 100,000 mesh edges, an SLO on a third).
import { LARGE_ORGANIZATION_SERVICES, seedLargeOrganization } from "@/server/testing/seed-large-organization.ts";

export const SERVICES = LARGE_ORGANIZATION_SERVICES;

export function seedGateGraph(organizationId: string): Promise<void> {
  return seedLargeOrganization(organizationId);
}
