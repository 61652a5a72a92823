import { getPrisma } from "@/server/db/client.ts";

// Keyset chunks of the whole graph for the streamed export: each call reads one bounded
// chunk after the last id seen, so memory and each statement stay small at any size.

export interface TExportService {
  id: string;
  slug: string;
  name: string;
  tier: number | null;
  team: string | null;
}

export interface TExportEdge {
  id: string;
  caller: string | null;
  callee: string;
  source: "mesh" | "declared";
  requestRate: number | null;
  successRatio: number | null;
  latencyP99Ms: number | null;
  stale: boolean;
}

export async function findExportServices(organizationId: string, afterId: string | null, take: number): Promise<TExportService[]> {
  const rows = await getPrisma().service.findMany({
    where: { organizationId, ...(afterId === null ? {} : { id: { gt: afterId } }) },
    select: { id: true, slug: true, name: true, tier: true, ownerTeam: { select: { slug: true } } },
    orderBy: { id: "asc" },
    take,
  });
  return rows.map((r) => ({ id: r.id, slug: r.slug, name: r.name, tier: r.tier, team: r.ownerTeam?.slug ?? null }));
}

export async function findExportEdges(organizationId: string, afterId: string | null, take: number): Promise<TExportEdge[]> {
  const rows = await getPrisma().$queryRaw<(Omit<TExportEdge, "stale"> & { stale: boolean })[]>`
    SELECT e."id", caller."slug" AS "caller", callee."slug" AS "callee", e."source"::text AS "source",
           e."requestRate", e."successRatio", e."latencyP99Ms", (e."staleSince" IS NOT NULL) AS "stale"
      FROM "Edge" e
      JOIN "Service" callee ON callee."id" = e."calleeId"
      LEFT JOIN "Service" caller ON caller."id" = e."callerId"
     WHERE e."organizationId" = ${organizationId} AND e."goneAt" IS NULL AND e."id" > ${afterId ?? ""}
     ORDER BY e."id"
     LIMIT ${take}`;
  return rows.map((r) => ({ ...r, stale: Boolean(r.stale) }));
}
