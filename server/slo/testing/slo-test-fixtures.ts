// Test-only helpers: seed services and write telemetry rows the way the mesh worker does.
import type { CatalogService } from "@/domain/catalog/catalog-types.ts";
import { applyCatalogSnapshot } from "@/server/catalog/catalog-write.repository.ts";
import { getPrisma } from "@/server/db/client.ts";
import type { Prisma } from "@/server/db/generated/client.ts";

/** Services owned by a "payments" team, declared by origin "test". */
export async function seedServices(organizationId: string, services: CatalogService[]): Promise<void> {
  await applyCatalogSnapshot(
    organizationId,
    {
      teams: [{ slug: "payments", name: "Payments", description: null, slackChannel: "#team-payments", parentSlug: null, email: null }],
      people: [],
      memberships: [],
      services,
      systems: [],
      entries: [],
      declaredEdges: [],
    },
    { prune: false, origin: "test", warningsByService: new Map() },
  );
}

export interface TTestCounts {
  total: number;
  good: number;
  latencyGood?: Record<string, number>;
}

/** Upserts one row per window, as the mesh worker would after a successful round. */
export async function writeTelemetry(
  organizationId: string,
  serviceSlug: string,
  windows: Record<string, TTestCounts>,
  measuredAt: Date,
  stale: { since: Date; reason: string } | null = null,
): Promise<void> {
  const prisma = getPrisma();
  const service = await prisma.service.findUniqueOrThrow({ where: { organizationId_slug: { organizationId, slug: serviceSlug } }, select: { id: true } });
  for (const [window, counts] of Object.entries(windows)) {
    const data = {
      totalEvents: counts.total,
      goodEvents: counts.good,
      latencyGood: (counts.latencyGood ?? {}) as Prisma.InputJsonValue,
      measuredAt,
      staleSince: stale?.since ?? null,
      staleReason: stale?.reason ?? null,
    };
    await prisma.serviceTelemetry.upsert({
      where: { serviceId_window: { serviceId: service.id, window } },
      create: { organizationId, serviceId: service.id, window, ...data },
      update: data,
    });
  }
}

/** The same good/bad ratio in every alert window, `total` requests each, plus the SLO window. */
export function steadyWindows(badRatio: number, total: number, slo: { total: number; bad: number }, sloWindow = "28d"): Record<string, TTestCounts> {
  const windows: Record<string, TTestCounts> = {};
  for (const window of ["5m", "30m", "1h", "2h", "6h", "1d", "3d"]) {
    windows[window] = { total, good: total - Math.round(total * badRatio) };
  }
  windows[sloWindow] = { total: slo.total, good: slo.total - slo.bad };
  return windows;
}
