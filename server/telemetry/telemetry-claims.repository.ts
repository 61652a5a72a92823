import type { TTelemetryClaimRef } from "@/domain/telemetry/resolve-workload-service.ts";
import { getPrisma } from "@/server/db/client.ts";

// Claims: people's answers to unmatched coverage endpoints. Every statement is scoped by organizationId.

export async function findTelemetryClaims(organizationId: string): Promise<TTelemetryClaimRef[]> {
  const rows = await getPrisma().telemetryClaim.findMany({ where: { organizationId }, select: { namespace: true, workload: true, serviceId: true } });
  return rows.map((row) => ({ namespace: row.namespace, name: row.workload, serviceId: row.serviceId }));
}

/** Whether the last coverage of any source names this endpoint (namespace + workload). */
export async function hasCoverageEndpoint(organizationId: string, namespace: string, workload: string): Promise<boolean> {
  const found = await getPrisma().telemetryCoverageEndpoint.findFirst({ where: { organizationId, namespace, workload }, select: { id: true } });
  return found !== null;
}

export interface TClaimWrite {
  namespace: string;
  workload: string;
  serviceSlug: string;
  claimedBy: string;
}

/**
 * Records the claim and, in the same transaction, creates the service when the
 * organization has none of that slug (a discovered, unowned service: source `mesh`, no
 * team) and attributes the endpoint's current coverage rows to it, so the page shows the
 * answer before the next round confirms it.
 */
export async function writeTelemetryClaim(organizationId: string, claim: TClaimWrite): Promise<{ service: { id: string; slug: string; name: string }; created: boolean }> {
  return getPrisma().$transaction(async (tx) => {
    const existing = await tx.service.findUnique({ where: { organizationId_slug: { organizationId, slug: claim.serviceSlug } }, select: { id: true, slug: true, name: true } });
    const service = existing ?? (await tx.service.create({ data: { organizationId, slug: claim.serviceSlug, name: claim.serviceSlug, source: "mesh" }, select: { id: true, slug: true, name: true } }));
    await tx.telemetryClaim.upsert({
      where: { organizationId_namespace_workload: { organizationId, namespace: claim.namespace, workload: claim.workload } },
      create: { organizationId, namespace: claim.namespace, workload: claim.workload, serviceId: service.id, claimedBy: claim.claimedBy },
      update: { serviceId: service.id, claimedBy: claim.claimedBy, createdAt: new Date() },
    });
    await tx.telemetryCoverageEndpoint.updateMany({
      where: { organizationId, namespace: claim.namespace, workload: claim.workload },
      data: { serviceId: service.id, rule: "claimed", matchedName: claim.workload, reason: null },
    });
    return { service, created: existing === null };
  });
}
