import { catalogService } from "@/server/testing/catalog-service-fixture.ts";
import type { CatalogSnapshot } from "@/domain/catalog/catalog-types.ts";
import type { EdgeSample, ServiceWindowCounts } from "@/domain/telemetry/telemetry-types.ts";
import type { WindowName } from "@/domain/telemetry/telemetry-windows.ts";
import type { TelemetrySource } from "@/integrations/prometheus/mesh-telemetry-source.ts";
import { applyCatalogSnapshot } from "@/server/catalog/catalog-write.repository.ts";
import { getPrisma } from "@/server/db/client.ts";

/** Test support for mesh ingestion: a small catalog, Workload rows, and a scriptable source. */

export function meshTestSnapshot(services: readonly { slug: string; team: string; tier?: 1 | 2 | 3 }[], declared: readonly [string, string][] = []): CatalogSnapshot {
  const teams = [...new Set(services.map((s) => s.team))];
  return {
    teams: teams.map((slug) => ({ slug, name: slug, description: null, slackChannel: null, parentSlug: null, email: null })),
    people: [],
    memberships: [],
    systems: [],
    entries: [],
    services: services.map((s) => catalogService(s.slug, { ownerTeamSlug: s.team, tier: s.tier ?? 1 })),
    declaredEdges: declared.map(([callerSlug, calleeSlug]) => ({ callerSlug, calleeSlug, via: "dependsOn" as const })),
  };
}

export async function importMeshTestCatalog(organizationId: string, snapshot: CatalogSnapshot): Promise<void> {
  await applyCatalogSnapshot(organizationId, snapshot, { prune: false, origin: "mesh-test", warningsByService: new Map() });
}

/** Workload rows as Kubernetes discovery would write them, mapped to a service by slug. */
export async function insertTestWorkloads(
  organizationId: string,
  workloads: readonly { namespace: string; name: string; serviceSlug: string; cluster?: string; serviceAccountName?: string }[],
): Promise<void> {
  const prisma = getPrisma();
  for (const workload of workloads) {
    const cluster = await prisma.cluster.upsert({
      where: { organizationId_name: { organizationId, name: workload.cluster ?? "prod" } },
      create: { organizationId, name: workload.cluster ?? "prod" },
      update: {},
      select: { id: true },
    });
    const service = await prisma.service.findUniqueOrThrow({
      where: { organizationId_slug: { organizationId, slug: workload.serviceSlug } },
      select: { id: true },
    });
    await prisma.workload.create({
      data: {
        organizationId,
        clusterId: cluster.id,
        serviceId: service.id,
        namespace: workload.namespace,
        kind: "Deployment",
        name: workload.name,
        serviceAccountName: workload.serviceAccountName ?? "default",
      },
    });
  }
}

/** A TelemetrySource whose answers (or failure) a test sets between rounds. */
export class ScriptedTelemetrySource implements TelemetrySource {
  readonly name = "fake:mesh";
  edges: EdgeSample[] = [];
  counts: ServiceWindowCounts[] = [];
  failure: Error | null = null;
  calls = 0;

  async fetchEdges(_now: Date): Promise<EdgeSample[]> {
    this.calls += 1;
    if (this.failure) throw this.failure;
    return this.edges;
  }

  async fetchServiceCounts(windows: readonly WindowName[], _now: Date): Promise<ServiceWindowCounts[]> {
    if (this.failure) throw this.failure;
    return this.counts.filter((c) => windows.includes(c.window));
  }
}

export async function readMeshEdges(organizationId: string) {
  return getPrisma().edge.findMany({
    where: { organizationId, source: "mesh" },
    select: {
      key: true,
      callerId: true,
      calleeId: true,
      requestRate: true,
      successRatio: true,
      latencyP50Ms: true,
      latencyP95Ms: true,
      latencyP99Ms: true,
      lastSeenAt: true,
      goneAt: true,
      staleSince: true,
      staleReason: true,
    },
    orderBy: { key: "asc" },
  });
}

export async function readServiceTelemetry(organizationId: string) {
  return getPrisma().serviceTelemetry.findMany({
    where: { organizationId },
    select: {
      window: true,
      totalEvents: true,
      goodEvents: true,
      latencyGood: true,
      latencyInterpolated: true,
      measuredAt: true,
      staleSince: true,
      staleReason: true,
      service: { select: { slug: true } },
    },
    orderBy: [{ serviceId: "asc" }, { window: "asc" }],
  });
}
