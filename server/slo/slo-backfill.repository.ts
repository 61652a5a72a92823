import { randomUUID } from "node:crypto";
import { chunksOf, UNNEST_ROWS_PER_STATEMENT } from "@/server/db/bulk-chunks.ts";
import { getPrisma } from "@/server/db/client.ts";
import type { Prisma } from "@/server/db/generated/client.ts";
import type { TSloStatus } from "@/server/catalog/catalog.schemas.ts";

// Writes a simulated past of SLOs (the demo's backfill, server/demo/backfill-demo-history.ts).
// Every statement is scoped by the organization.

export interface TSnapshotWrite {
  sloId: string;
  at: Date;
  resolution: "minute" | "hour";
  status: TSloStatus;
  sli: number | null;
  budgetRemaining: number | null;
  burnRates: Record<string, number | null>;
}

export interface TPastTransitionWrite {
  sloId: string;
  serviceId: string;
  title: string;
  dedupeKey: string;
  occurredAt: Date;
  details: Record<string, unknown>;
}

/** Of these SLOs, the ones that already have a snapshot (a history to keep, not to invent). */
export async function findSloIdsWithSnapshots(organizationId: string, sloIds: readonly string[]): Promise<Set<string>> {
  if (sloIds.length === 0) return new Set();
  const rows = await getPrisma().slo.findMany({
    where: { organizationId, id: { in: [...sloIds] }, snapshots: { some: {} } },
    select: { id: true },
  });
  return new Set(rows.map((row) => row.id));
}

/**
 * One transaction: the snapshots (through `unnest()` arrays, 10,000 rows a statement;
 * an existing row at the same SLO, resolution and instant wins), the past transitions
 * as change events (idempotent by dedupe key), and each SLO's status as the past ended
 * for SLOs never evaluated, so the live evaluation continues from it instead of
 * announcing "no data → healthy".
 */
export async function writeSloHistory(
  organizationId: string,
  input: {
    snapshots: readonly TSnapshotWrite[];
    transitions: readonly TPastTransitionWrite[];
    latest: readonly { sloId: string; status: TSloStatus; since: Date; evaluatedAt: Date; sli: number | null; budgetRemaining: number | null; burnRates: Record<string, number | null> }[];
  },
): Promise<{ snapshots: number; events: number }> {
  return getPrisma().$transaction(
    async (tx) => {
      let snapshots = 0;
      for (const chunk of chunksOf(input.snapshots, UNNEST_ROWS_PER_STATEMENT)) {
        snapshots += await tx.$executeRaw`
          INSERT INTO "SloStatusSnapshot" ("id", "organizationId", "sloId", "at", "resolution", "status", "sli", "budgetRemaining", "burnRates")
          SELECT t.id, ${organizationId}, t.slo_id, t.at::timestamptz, t.resolution::"SnapshotResolution", t.status::"SloStatus", t.sli, t.budget, t.burn::jsonb
          FROM unnest(${chunk.map(() => randomUUID())}::text[], ${chunk.map((s) => s.sloId)}::text[], ${chunk.map((s) => s.at.toISOString())}::text[],
                      ${chunk.map((s) => s.resolution)}::text[], ${chunk.map((s) => s.status)}::text[], ${chunk.map((s) => s.sli)}::float8[],
                      ${chunk.map((s) => s.budgetRemaining)}::float8[], ${chunk.map((s) => JSON.stringify(s.burnRates))}::text[])
            AS t(id, slo_id, at, resolution, status, sli, budget, burn)
          WHERE EXISTS (SELECT 1 FROM "Slo" s WHERE s."id" = t.slo_id AND s."organizationId" = ${organizationId})
          ON CONFLICT ("sloId", "resolution", "at") DO NOTHING`;
      }
      const created =
        input.transitions.length === 0
          ? { count: 0 }
          : await tx.changeEvent.createMany({
              data: input.transitions.map((event) => ({
                organizationId,
                serviceId: event.serviceId,
                type: "slo_status_changed",
                title: event.title,
                details: event.details as Prisma.InputJsonValue,
                actor: "plumbline (demo history)",
                source: "demo" as const,
                dedupeKey: event.dedupeKey,
                occurredAt: event.occurredAt,
              })),
              skipDuplicates: true,
            });
      for (const row of input.latest) {
        await tx.slo.updateMany({
          where: { organizationId, id: row.sloId, evaluatedAt: null },
          data: { status: row.status, statusSince: row.since, evaluatedAt: row.evaluatedAt, sli: row.sli, budgetRemaining: row.budgetRemaining, burnRates: row.burnRates },
        });
      }
      return { snapshots, events: created.count };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}
