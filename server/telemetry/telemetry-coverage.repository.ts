import type { TCoverageEndpoint } from "@/domain/telemetry/build-telemetry-coverage.ts";
import { getPrisma } from "@/server/db/client.ts";

// Coverage rows: what each telemetry source's last complete round named and how each
// endpoint was (or was not) attributed. Every statement is scoped by organizationId.

// 14 columns a row: 2,000 rows stay far below Postgres's 65,535 bind parameters.
const CHUNK_ROWS = 2_000;

/** Replaces a source's coverage with this round's, in one transaction (readers never see half). */
export async function replaceTelemetryCoverage(organizationId: string, source: string, endpoints: readonly TCoverageEndpoint[], measuredAt: Date): Promise<number> {
  const prisma = getPrisma();
  const rows = endpoints.map((e) => ({
    organizationId,
    source,
    role: e.role,
    key: e.key,
    namespace: e.namespace,
    workload: e.workload,
    labels: e.labels,
    requestRate: e.requestRate,
    serviceId: e.serviceId,
    rule: e.rule,
    matchedName: e.matchedName,
    reason: e.reason,
    measuredAt,
  }));
  await prisma.$transaction(async (tx) => {
    await tx.telemetryCoverageEndpoint.deleteMany({ where: { organizationId, source } });
    for (let i = 0; i < rows.length; i += CHUNK_ROWS) {
      await tx.telemetryCoverageEndpoint.createMany({ data: rows.slice(i, i + CHUNK_ROWS) });
    }
  });
  return rows.length;
}

export interface TCoverageRow {
  source: string;
  role: string;
  key: string;
  namespace: string;
  workload: string;
  labels: unknown;
  requestRate: number;
  rule: string | null;
  matchedName: string | null;
  reason: string | null;
  measuredAt: Date;
  service: { slug: string; name: string } | null;
}

/** Every coverage row of the organization: unmatched first, busiest first. */
export async function findTelemetryCoverage(organizationId: string): Promise<TCoverageRow[]> {
  return getPrisma().telemetryCoverageEndpoint.findMany({
    where: { organizationId },
    select: {
      source: true,
      role: true,
      key: true,
      namespace: true,
      workload: true,
      labels: true,
      requestRate: true,
      rule: true,
      matchedName: true,
      reason: true,
      measuredAt: true,
      service: { select: { slug: true, name: true } },
    },
    orderBy: [{ source: "asc" }, { requestRate: "desc" }, { key: "asc" }, { role: "asc" }],
  });
}
