import { countDependencies } from "./catalog-dependencies.repository.ts";
import { sharedAggregate } from "@/server/graph/graph-aggregate-cache.ts";
import { getPrisma } from "@/server/db/client.ts";
import { directStatement, runDirectStatement } from "@/server/db/direct-statement.ts";
import type {
  TCatalogOverview,
  TFactProvenance,
  TLink,
  TServiceDetail,
  TEdgeVersionTraffic,
  TServiceRelation,
  TServiceSummary,
  TServiceWarning,
  TSloStatus,
  TTeamDetail,
  TTeamRef,
  TTeamOption,
  TTeamSummary,
} from "./catalog.schemas.ts";
import { ZImportAccounting } from "./catalog.schemas.ts";
import { worstSloStatus } from "@/domain/graph/slo-status-order.ts";
import { summarizeTelemetryFreshness } from "@/domain/telemetry/summarize-telemetry-freshness.ts";

/** Telemetry older than this reads as stale even when no failure was recorded (a stopped worker records none). */
const TELEMETRY_MAX_AGE_MS = 5 * 60_000;

// Read side of the catalog: every function takes the organization first and filters by it.

const TEAM_REF = { select: { slug: true, name: true, personEmail: true } } as const;
const ACTIVE_EDGE = { goneAt: null } as const;

const SUMMARY_SELECT = {
  id: true,
  slug: true,
  name: true,
  description: true,
  tier: true,
  lifecycle: true,
  system: { select: { name: true } },
  ownerTeam: TEAM_REF,
  slos: { select: { status: true, budgetRemaining: true } },
  callerEdges: { where: ACTIVE_EDGE, select: { calleeId: true } },
  calleeEdges: { where: ACTIVE_EDGE, select: { callerId: true } },
} as const;

type SummaryRow = {
  slug: string;
  name: string;
  description: string | null;
  tier: number | null;
  lifecycle: string | null;
  system: { name: string } | null;
  ownerTeam: TTeamRef | null;
  slos: { status: TSloStatus; budgetRemaining: number | null }[];
  callerEdges: { calleeId: string }[];
  calleeEdges: { callerId: string | null }[];
};

function toSummary(row: SummaryRow, workloadCount: number): TServiceSummary {
  const budgets = row.slos.map((s) => s.budgetRemaining).filter((b): b is number => b !== null);
  return {
    slug: row.slug,
    name: row.name,
    description: row.description,
    tier: row.tier,
    lifecycle: row.lifecycle,
    system: row.system?.name ?? null,
    ownerTeam: row.ownerTeam,
    // Declared and observed edges between the same pair count once.
    dependencyCount: new Set(row.callerEdges.map((e) => e.calleeId)).size,
    dependentCount: new Set(row.calleeEdges.map((e) => e.callerId ?? "unknown")).size,
    sloStatus: worstSloStatus(row.slos.map((s) => s.status)),
    budgetRemaining: budgets.length ? Math.min(...budgets) : null,
    workloadCount,
  };
}

const RELATION_SERVICE_SELECT = {
  slug: true,
  name: true,
  tier: true,
  ownerTeam: TEAM_REF,
  slos: { select: { status: true } },
} as const;

const EDGE_SELECT = {
  source: true,
  requestRate: true,
  successRatio: true,
  latencyP99Ms: true,
  calleeVersions: true,
  lastSeenAt: true,
  staleSince: true,
} as const;

type EdgeRow = {
  source: "mesh" | "declared";
  requestRate: number | null;
  successRatio: number | null;
  latencyP99Ms: number | null;
  calleeVersions: unknown;
  lastSeenAt: Date | null;
  staleSince: Date | null;
};
type RelationService = {
  slug: string;
  name: string;
  tier: number | null;
  ownerTeam: TTeamRef | null;
  slos: { status: TSloStatus }[];
};

/**
 * One row per counterpart: the mesh's observation wins over a declaration (and says it
 * is also declared). `calleeInboundRate` gives the callee's whole inbound mesh rate, for
 * the share of its traffic the edge carries.
 */
function toRelations(
  edges: (EdgeRow & { other: RelationService | null; calleeInboundRate: number | null })[],
): TServiceRelation[] {
  const bySlug = new Map<string, TServiceRelation>();
  const declared = new Set(edges.filter((e) => e.source === "declared" && e.other).map((e) => e.other?.slug));
  for (const edge of edges) {
    if (!edge.other) continue;
    const existing = bySlug.get(edge.other.slug);
    if (existing && existing.source === "mesh") continue;
    bySlug.set(edge.other.slug, {
      service: {
        slug: edge.other.slug,
        name: edge.other.name,
        tier: edge.other.tier,
        ownerTeam: edge.other.ownerTeam,
        sloStatus: worstSloStatus(edge.other.slos.map((s) => s.status)),
      },
      source: edge.source,
      requestRate: edge.requestRate,
      successRatio: edge.successRatio,
      latencyP99Ms: edge.latencyP99Ms,
      calleeVersions: readEdgeVersions(edge.calleeVersions),
      lastSeenAt: edge.lastSeenAt?.toISOString() ?? null,
      stale: edge.staleSince !== null,
      alsoDeclared: edge.source === "mesh" && declared.has(edge.other.slug),
      trafficShare: trafficShare(edge.source === "mesh" ? edge.requestRate : null, edge.calleeInboundRate),
    });
  }
  return [...bySlug.values()].sort((a, b) => a.service.name.localeCompare(b.service.name));
}

/** The mesh worker's per-version breakdown (jsonb), read defensively: anything malformed is "no breakdown". */
function readEdgeVersions(value: unknown): TEdgeVersionTraffic[] | null {
  if (!Array.isArray(value)) return null;
  const versions: TEdgeVersionTraffic[] = [];
  for (const item of value as unknown[]) {
    if (item === null || typeof item !== "object") return null;
    const { version, requestRate, successRatio } = item as Record<string, unknown>;
    if (typeof version !== "string" || typeof requestRate !== "number" || !(typeof successRatio === "number" || successRatio === null)) return null;
    versions.push({ version, requestRate, successRatio });
  }
  return versions;
}

function trafficShare(rate: number | null, calleeInboundRate: number | null): number | null {
  if (rate === null || calleeInboundRate === null || !(calleeInboundRate > 0)) return null;
  return Math.min(1, rate / calleeInboundRate);
}

function sumMeshRates(edges: readonly { source: string; requestRate: number | null }[]): number | null {
  const measured = edges.filter((e) => e.source === "mesh" && e.requestRate !== null);
  return measured.length ? measured.reduce((sum, e) => sum + (e.requestRate ?? 0), 0) : null;
}

/** Each callee's inbound mesh request rate (all its callers, unknown ones included). */
async function findInboundMeshRates(organizationId: string, calleeIds: string[]): Promise<Map<string, number>> {
  if (calleeIds.length === 0) return new Map();
  const rows = await getPrisma().edge.groupBy({
    by: ["calleeId"],
    where: { organizationId, source: "mesh", goneAt: null, calleeId: { in: calleeIds } },
    _sum: { requestRate: true },
  });
  return new Map(rows.map((r) => [r.calleeId, r._sum.requestRate ?? 0]));
}

/**
 * A service's counts, each scoped by organization and service through an index. Not
 * Prisma's `_count`: that joins a `GROUP BY "serviceId"` over the whole related table, every
 * organization's rows, so each service page counted every change event ever recorded (the
 * page's costliest statement on the embedded database, 24 ms a read in the PGlite soak,
 * growing with every tenant's history).
 */
const SERVICE_COUNTS_BY_SLUG = directStatement(`
    SELECT
      (SELECT count(*) FROM "Workload" w WHERE w."organizationId" = $1 AND w."serviceId" = s."id" AND w."deletedAt" IS NULL)::int AS "workloads",
      (SELECT count(*) FROM "Slo" o WHERE o."organizationId" = $1 AND o."serviceId" = s."id")::int AS "slos",
      (SELECT count(*) FROM "ChangeEvent" e WHERE e."organizationId" = $1 AND e."serviceId" = s."id")::int AS "changeEvents",
      (SELECT count(*) FROM "DeployRequest" d WHERE d."organizationId" = $1 AND d."serviceId" = s."id" AND d."status" = 'pending')::int AS "pendingDeploys"
    FROM "Service" s
    WHERE s."organizationId" = $1 AND s."slug" = $2`);

export async function findServiceDetail(organizationId: string, slug: string): Promise<Omit<TServiceDetail, "slos" | "staleness" | "providesApis" | "consumesApis" | "resources"> | null> {
  const prisma = getPrisma();
  const rowRead = prisma.service.findUnique({
    where: { organizationId_slug: { organizationId, slug } },
    select: {
      ...SUMMARY_SELECT,
      type: true,
      repoUrl: true,
      runbookUrl: true,
      slackChannel: true,
      links: true,
      tags: true,
      provenance: true,
      warnings: true,
      resourceRefs: true,
      subcomponentOfRef: true,
      archivedAt: true,
      archivedReason: true,
      archivedBy: true,
      updatedAt: true,
      callerEdges: false,
      calleeEdges: false,
      telemetry: { select: { measuredAt: true, staleSince: true, staleReason: true } },
    },
  });
  const [row, [counts]] = await Promise.all([rowRead, runDirectStatement<TServiceDetail["counts"]>(SERVICE_COUNTS_BY_SLUG, [organizationId, slug])]);
  if (!row || !counts) return null;
  // The service's edges, read by organization and one side: the (organizationId, callerId)
  // and (organizationId, calleeId) indexes answer these; a relation load (callerId alone) scans.
  const [callerEdges, calleeEdges] = await Promise.all([
    prisma.edge.findMany({
      where: { organizationId, callerId: row.id, ...ACTIVE_EDGE },
      select: { calleeId: true, ...EDGE_SELECT, callee: { select: RELATION_SERVICE_SELECT } },
    }),
    prisma.edge.findMany({
      where: { organizationId, calleeId: row.id, ...ACTIVE_EDGE },
      select: { callerId: true, ...EDGE_SELECT, caller: { select: RELATION_SERVICE_SELECT } },
    }),
  ]);
  const unknown = calleeEdges.filter((e) => e.callerId === null);
  const ownInboundRate = sumMeshRates(calleeEdges);
  const calleeInboundRates = await findInboundMeshRates(organizationId, [...new Set(callerEdges.map((e) => e.calleeId))]);
  const unknownRate = unknown.reduce<number | null>((sum, e) => (e.requestRate === null ? sum : (sum ?? 0) + e.requestRate), null);
  return {
    ...toSummary({ ...row, callerEdges, calleeEdges }, counts.workloads),
    type: row.type,
    repoUrl: row.repoUrl,
    runbookUrl: row.runbookUrl,
    slackChannel: row.slackChannel,
    links: (row.links ?? []) as unknown as TLink[],
    tags: row.tags,
    provenance: (row.provenance ?? {}) as unknown as Record<string, TFactProvenance>,
    warnings: (row.warnings ?? []) as unknown as TServiceWarning[],
    resourceRefs: row.resourceRefs,
    subcomponentOfRef: row.subcomponentOfRef,
    dependencies: toRelations(
      callerEdges.map((e) => ({ ...e, other: e.callee, calleeInboundRate: calleeInboundRates.get(e.calleeId) ?? null })),
    ),
    dependents: toRelations(calleeEdges.map((e) => ({ ...e, other: e.caller, calleeInboundRate: ownInboundRate }))),
    unknownCallers: unknown.length
      ? {
          requestRate: unknownRate,
          lastSeenAt: unknown.map((e) => e.lastSeenAt?.toISOString() ?? null).filter(Boolean).sort().at(-1) ?? null,
          trafficShare: trafficShare(unknownRate, ownInboundRate),
        }
      : null,
    counts,
    telemetry: summarizeTelemetryFreshness(row.telemetry, new Date(), TELEMETRY_MAX_AGE_MS),
    archived: row.archivedAt === null ? null : { at: row.archivedAt.toISOString(), reason: row.archivedReason ?? "", by: row.archivedBy },
    updatedAt: row.updatedAt.toISOString(),
  };
}

const TEAM_SUMMARY_SELECT = {
  slug: true,
  name: true,
  description: true,
  slackChannel: true,
  email: true,
  personEmail: true,
} as const;

// Each team's service and member counts, scoped by organization (not Prisma's relation
// `_count`, which groups every organization's services; SERVICE_COUNTS_BY_SLUG). Every team:
// one pass over the organization's services and memberships. One team: its own, by index.
const ALL_TEAM_COUNTS = directStatement(`
    SELECT t."slug", COALESCE(sc."n", 0)::int AS "serviceCount", COALESCE(mc."n", 0)::int AS "memberCount"
    FROM "Team" t
    LEFT JOIN (SELECT "ownerTeamId", count(*) AS "n" FROM "Service" WHERE "organizationId" = $1 GROUP BY "ownerTeamId") sc ON sc."ownerTeamId" = t."id"
    LEFT JOIN (SELECT "teamId", count(*) AS "n" FROM "TeamMembership" WHERE "organizationId" = $1 GROUP BY "teamId") mc ON mc."teamId" = t."id"
    WHERE t."organizationId" = $1`);

const ONE_TEAM_COUNTS = directStatement(`
    SELECT t."slug",
      (SELECT count(*) FROM "Service" s WHERE s."organizationId" = $1 AND s."ownerTeamId" = t."id")::int AS "serviceCount",
      (SELECT count(*) FROM "TeamMembership" m WHERE m."teamId" = t."id")::int AS "memberCount"
    FROM "Team" t
    WHERE t."organizationId" = $1 AND t."slug" = $2`);

type TTeamCounts = { serviceCount: number; memberCount: number };

async function findTeamCounts(organizationId: string, slug: string | null): Promise<Map<string, TTeamCounts>> {
  const rows = await runDirectStatement<TTeamCounts & { slug: string }>(slug === null ? ALL_TEAM_COUNTS : ONE_TEAM_COUNTS, slug === null ? [organizationId] : [organizationId, slug]);
  return new Map(rows.map(({ slug: teamSlug, ...counts }) => [teamSlug, counts]));
}

type TeamRow = {
  slug: string;
  name: string;
  description: string | null;
  slackChannel: string | null;
  email: string | null;
  personEmail: string | null;
};

function toTeamSummary(row: TeamRow, counts: TTeamCounts | undefined): TTeamSummary {
  return {
    slug: row.slug,
    name: row.name,
    description: row.description,
    slackChannel: row.slackChannel,
    email: row.email,
    personEmail: row.personEmail,
    serviceCount: counts?.serviceCount ?? 0,
    memberCount: counts?.memberCount ?? 0,
  };
}

export async function findTeamSummaries(organizationId: string): Promise<TTeamSummary[]> {
  const [rows, counts] = await Promise.all([
    getPrisma().team.findMany({
      where: { organizationId },
      select: TEAM_SUMMARY_SELECT,
      orderBy: { name: "asc" },
    }),
    findTeamCounts(organizationId, null),
  ]);
  return rows.map((row) => toTeamSummary(row, counts.get(row.slug)));
}

/** Every team's slug and name, by name: what a list page's team filter offers. */
export async function findTeamOptions(organizationId: string): Promise<TTeamOption[]> {
  return getPrisma().team.findMany({ where: { organizationId }, select: { slug: true, name: true }, orderBy: { name: "asc" } });
}

/** A team without its services (get-team.ts reads those as a page of the catalog). */
export async function findTeamDetail(organizationId: string, slug: string): Promise<Omit<TTeamDetail, "services"> | null> {
  const prisma = getPrisma();
  const rowRead = prisma.team.findUnique({
    where: { organizationId_slug: { organizationId, slug } },
    select: {
      ...TEAM_SUMMARY_SELECT,
      parentSlug: true,
      memberships: {
        select: { role: true, person: { select: { name: true, email: true, handle: true, slackUserId: true } } },
      },
    },
  });
  const [row, counts] = await Promise.all([rowRead, findTeamCounts(organizationId, slug)]);
  if (!row) return null;
  const parent = row.parentSlug
    ? await prisma.team.findUnique({
        where: { organizationId_slug: { organizationId, slug: row.parentSlug } },
        select: { slug: true, name: true },
      })
    : null;
  const children = await prisma.team.findMany({
    where: { organizationId, parentSlug: row.slug },
    select: { slug: true, name: true },
    orderBy: { name: "asc" },
  });
  return {
    ...toTeamSummary(row, counts.get(row.slug)),
    parent,
    children,
    members: row.memberships
      .map((m) => ({ ...m.person, role: m.role }))
      .sort((a, b) => (a.role === b.role ? a.name.localeCompare(b.name) : a.role === "owner" ? -1 : 1)),
  };
}

export async function findCatalogOverview(organizationId: string): Promise<TCatalogOverview> {
  const prisma = getPrisma();
  const [serviceCount, teamCount, edgeCount, lastImport] = await Promise.all([
    prisma.service.count({ where: { organizationId } }),
    prisma.team.count({ where: { organizationId } }),
    // The same count the graph and the start-up console show (catalog-dependencies.repository.ts),
    // shared with /graph's for a few seconds: a pass over every edge, 150–250 ms on the embedded
    // database at 100,000 edges, that held the database as long for each home page.
    sharedAggregate(`dependencies|${organizationId}`, () => countDependencies(organizationId)),
    prisma.catalogImport.findFirst({
      where: { organizationId },
      orderBy: { startedAt: "desc" },
      select: { origin: true, finishedAt: true, succeeded: true, problems: true, counts: true },
    }),
  ]);
  const counts = lastImport?.counts;
  const accounting =
    counts !== null && typeof counts === "object" && !Array.isArray(counts) ? ZImportAccounting.safeParse(counts["accounting"]) : null;
  return {
    serviceCount,
    teamCount,
    edgeCount,
    lastImport: lastImport
      ? {
          origin: lastImport.origin,
          finishedAt: lastImport.finishedAt?.toISOString() ?? null,
          succeeded: lastImport.succeeded,
          problemCount: Array.isArray(lastImport.problems) ? lastImport.problems.length : 0,
          accounting: accounting?.success ? accounting.data : null,
        }
      : null,
  };
}

/** Whether the organization has any service, archived ones included (one index probe, not a count). */
export async function hasAnyService(organizationId: string): Promise<boolean> {
  return (await getPrisma().service.findFirst({ where: { organizationId }, select: { id: true } })) !== null;
}
