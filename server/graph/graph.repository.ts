import type { TGraphEdgeInput, TGraphServiceInput } from "@/domain/graph/build-service-graph.ts";
import type { TSloStatusValue } from "@/domain/graph/slo-status-order.ts";
import { getPrisma } from "@/server/db/client.ts";

// Bounded reads for the service graph: every query names the organization first, so the
// (organizationId, callerId) and (organizationId, calleeId) edge indexes answer lookups
// by one side of an edge. Nothing here reads the whole edge table into memory.

const SERVICE_SELECT = {
  id: true,
  slug: true,
  name: true,
  tier: true,
  ownerTeam: { select: { slug: true, name: true } },
  slos: { select: { status: true } },
  // One namespace per service for "group by namespace": the first of its live workloads.
  workloads: { where: { deletedAt: null }, select: { namespace: true }, orderBy: { namespace: "asc" }, take: 1 },
} as const;

const EDGE_SELECT = {
  callerId: true,
  calleeId: true,
  source: true,
  requestRate: true,
  successRatio: true,
  latencyP99Ms: true,
  staleSince: true,
} as const;

type TServiceRow = {
  id: string;
  slug: string;
  name: string;
  tier: number | null;
  ownerTeam: { slug: string; name: string } | null;
  slos: { status: TSloStatusValue }[];
  workloads: { namespace: string }[];
};
type TEdgeRow = {
  callerId: string | null;
  calleeId: string;
  source: "mesh" | "declared";
  requestRate: number | null;
  successRatio: number | null;
  latencyP99Ms: number | null;
  staleSince: Date | null;
};

function toServiceInput(s: TServiceRow): TGraphServiceInput {
  return { id: s.id, slug: s.slug, name: s.name, tier: s.tier, ownerTeam: s.ownerTeam, sloStatuses: s.slos.map((slo) => slo.status), namespace: s.workloads[0]?.namespace ?? null };
}

function toEdgeInput(e: TEdgeRow): TGraphEdgeInput {
  return {
    callerId: e.callerId,
    calleeId: e.calleeId,
    source: e.source,
    requestRate: e.requestRate,
    successRatio: e.successRatio,
    latencyP99Ms: e.latencyP99Ms,
    isStale: e.staleSince !== null,
  };
}

export async function findServiceIdBySlug(organizationId: string, slug: string): Promise<string | null> {
  const row = await getPrisma().service.findUnique({ where: { organizationId_slug: { organizationId, slug } }, select: { id: true } });
  return row?.id ?? null;
}

/**
 * Service ids within `depth` hops of the focus, following calls in one direction at a
 * time (callers of callers, callees of callees), nearest first; at most `max` + 1 so the
 * caller can tell the neighbourhood was cut. A recursive query: only the edges of the
 * services reached are read, through the (organizationId, callerId/calleeId) indexes.
 */
export async function findNeighbourhoodIds(organizationId: string, focusId: string, depth: number, max: number): Promise<string[]> {
  const rows = await getPrisma().$queryRaw<{ id: string }[]>`
    WITH RECURSIVE up("id", "hop") AS (
        SELECT ${focusId}::text, 0
      UNION
        SELECT e."callerId", up."hop" + 1 FROM up
          JOIN "Edge" e ON e."organizationId" = ${organizationId} AND e."calleeId" = up."id" AND e."goneAt" IS NULL
         WHERE up."hop" < ${depth} AND e."callerId" IS NOT NULL
    ), down("id", "hop") AS (
        SELECT ${focusId}::text, 0
      UNION
        SELECT e."calleeId", down."hop" + 1 FROM down
          JOIN "Edge" e ON e."organizationId" = ${organizationId} AND e."callerId" = down."id" AND e."goneAt" IS NULL
         WHERE down."hop" < ${depth}
    )
    SELECT "id" FROM (SELECT "id", "hop" FROM up UNION ALL SELECT "id", "hop" FROM down) reached
     GROUP BY "id" ORDER BY min("hop"), "id" LIMIT ${max + 1}`;
  return rows.map((r) => r.id);
}

/** A team's service ids by name, at most `max` + 1. Null when no team has that slug. */
export async function findTeamServiceIds(organizationId: string, teamSlug: string, max: number): Promise<string[] | null> {
  const prisma = getPrisma();
  const team = await prisma.team.findUnique({ where: { organizationId_slug: { organizationId, slug: teamSlug } }, select: { id: true } });
  if (!team) return null;
  const rows = await prisma.service.findMany({
    where: { organizationId, ownerTeamId: team.id, archivedAt: null },
    select: { id: true },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: max + 1,
  });
  return rows.map((r) => r.id);
}

/**
 * The given services, the active edges among them, and their callers outside the mesh.
 * Archived services are left out (with their edges), except `archivedShownId`: the focus
 * of a neighbourhood, whose own page still draws it.
 */
export async function findServiceGraphRowsAmong(
  organizationId: string,
  serviceIds: readonly string[],
  archivedShownId?: string,
): Promise<{ services: TGraphServiceInput[]; edges: TGraphEdgeInput[] }> {
  if (serviceIds.length === 0) return { services: [], edges: [] };
  const prisma = getPrisma();
  const ids = [...serviceIds];
  const [services, edges] = await Promise.all([
    prisma.service.findMany({
      where: { organizationId, id: { in: ids }, OR: [{ archivedAt: null }, ...(archivedShownId === undefined ? [] : [{ id: archivedShownId }])] },
      select: SERVICE_SELECT,
    }),
    prisma.edge.findMany({
      where: { organizationId, goneAt: null, calleeId: { in: ids }, OR: [{ callerId: { in: ids } }, { callerId: null }] },
      select: EDGE_SELECT,
    }),
  ]);
  const shown = new Set(services.map((service) => service.id));
  return { services: services.map(toServiceInput), edges: edges.filter((e) => shown.has(e.calleeId) && (e.callerId === null || shown.has(e.callerId))).map(toEdgeInput) };
}

/** Everything the service graph draws, for a small organization (the caller checks the size first). */
export async function findServiceGraphRows(organizationId: string): Promise<{ services: TGraphServiceInput[]; edges: TGraphEdgeInput[] }> {
  const prisma = getPrisma();
  const [services, edges] = await Promise.all([
    // Archived services leave the graph with their edges; their rows and history stay.
    prisma.service.findMany({ where: { organizationId, archivedAt: null }, select: SERVICE_SELECT }),
    prisma.edge.findMany({ where: { organizationId, goneAt: null, callee: { archivedAt: null }, OR: [{ callerId: null }, { caller: { archivedAt: null } }] }, select: EDGE_SELECT }),
  ]);
  return { services: services.map(toServiceInput), edges: edges.map(toEdgeInput) };
}
