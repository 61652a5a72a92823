import { fromPrisma } from "pg-boss";
import { getPrisma } from "@/server/db/client.ts";
import { Prisma } from "@/server/db/generated/client.ts";
import { directStatement, runDirectStatement } from "@/server/db/direct-statement.ts";
import { prepareNotificationJobs, type TNotificationJobs } from "@/server/notifications/notification-jobs.ts";
import type { TApprovalStatus, TDeployRequestStatus } from "@/domain/gate/deploy-status.ts";
import type { SloRowFacts } from "@/domain/gate/summarize-slo-facts.ts";
import type { TDecider } from "./gate.schemas.ts";
import { toJson, type TJsonDocument } from "./stored-decision.ts";
import { insertDecisionInOneStatement, insertDecisionsInOneStatement } from "./gate-decision-insert.repository.ts";
import { createDecisionWriteBatcher } from "./decision-write-batcher.ts";
import { getMetrics } from "@/server/metrics/plumbline-metrics.ts";
import { POLICY_SET_ROW_NAME } from "./gate-policies.repository.ts";

// The only file that touches Prisma for the deploy gate (policies: policy.repository.ts).
// Every function takes the organization first and filters by it, except
// findDueExpiries, which is how the expiry worker finds work across tenants.

/** Postgres channel that wakes long-polls in other processes (server/gate/deploy-request-listener.ts). */
export const DEPLOY_REQUESTS_CHANNEL = "plumbline_deploy_requests";

type TTx = Prisma.TransactionClient;

// ---------- Facts for a decision ----------

export interface TGateServiceRow {
  id: string;
  slug: string;
  name: string;
  ownerTeam: { id: string; slug: string; name: string } | null;
}

/** The service and its owner team in one statement (a relation select is two). */
export async function findGateService(organizationId: string, slug: string): Promise<TGateServiceRow | null> {
  const [row] = await getPrisma().$queryRaw<{ id: string; slug: string; name: string; teamId: string | null; teamSlug: string | null; teamName: string | null }[]>`
    SELECT s."id", s."slug", s."name", t."id" AS "teamId", t."slug" AS "teamSlug", t."name" AS "teamName"
    FROM "Service" s LEFT JOIN "Team" t ON t."id" = s."ownerTeamId" AND t."organizationId" = s."organizationId"
    WHERE s."organizationId" = ${organizationId} AND s."slug" = ${slug}`;
  if (!row) return null;
  const ownerTeam = row.teamId !== null && row.teamSlug !== null && row.teamName !== null ? { id: row.teamId, slug: row.teamSlug, name: row.teamName } : null;
  return { id: row.id, slug: row.slug, name: row.name, ownerTeam };
}

export interface TInboundEdgeRow {
  callerId: string | null;
  calleeId: string;
  requestRate: number | null;
  isStale: boolean;
}

/**
 * The inbound neighbourhood of one service in one statement (docs/adr/003-gate-neighbourhood.md):
 * every active edge (declared and observed; gone edges are history, not traffic) into
 * the service and into each service within `depth − 1` caller hops of it — the edges
 * collectDependents needs for correct traffic shares up to `depth`, and no others. A
 * recursive CTE walks callers through the (organizationId, calleeId) index; the cost
 * follows the neighbourhood's size, never the graph's.
 */
export async function findInboundNeighbourhood(organizationId: string, serviceId: string, depth: number): Promise<TInboundEdgeRow[]> {
  if (depth < 1) return [];
  const rows = await getPrisma().$queryRaw<{ callerId: string | null; calleeId: string; requestRate: number | null; isStale: boolean }[]>`
    WITH RECURSIVE reach(service_id, hops) AS (
      SELECT ${serviceId}::text, 0
      UNION
      SELECT e."callerId", r.hops + 1
      FROM reach r
      JOIN "Edge" e ON e."organizationId" = ${organizationId} AND e."calleeId" = r.service_id AND e."goneAt" IS NULL
      WHERE r.hops < ${depth - 1} AND e."callerId" IS NOT NULL
    )
    SELECT e."callerId", e."calleeId", e."requestRate", (e."staleSince" IS NOT NULL) AS "isStale"
    FROM "Edge" e
    WHERE e."organizationId" = ${organizationId} AND e."goneAt" IS NULL
      AND e."calleeId" IN (SELECT DISTINCT service_id FROM reach)`;
  return rows;
}

/** Services by id with their owner team's slug, in one statement. */
export async function findServicesByIds(
  organizationId: string,
  ids: readonly string[],
): Promise<{ id: string; slug: string; name: string; ownerTeamSlug: string | null }[]> {
  if (ids.length === 0) return [];
  return getPrisma().$queryRaw<{ id: string; slug: string; name: string; ownerTeamSlug: string | null }[]>`
    SELECT s."id", s."slug", s."name", t."slug" AS "ownerTeamSlug"
    FROM "Service" s LEFT JOIN "Team" t ON t."id" = s."ownerTeamId" AND t."organizationId" = s."organizationId"
    WHERE s."organizationId" = ${organizationId} AND s."id" = ANY(${[...ids]}::text[])`;
}

export interface TNeighbourFactsRow {
  id: string;
  slug: string;
  name: string;
  ownerTeamSlug: string | null;
  /** The mesh worker marked a ServiceTelemetry row of the service stale (any window). */
  telemetryStale: boolean;
  slos: SloRowFacts[];
}

type TNeighbourhoodWithFacts = { edges: TInboundEdgeRow[]; services: TNeighbourFactsRow[] };

/** The neighbourhood's columns as the statement returns them, flat: assembled by assembleNeighbourhood. */
interface TFlatNeighbourhood {
  edges: TInboundEdgeRow[];
  services: { id: string; slug: string; name: string; ownerTeamId: string | null }[];
  ownerTeams: TTeamRow[];
  /** SLO rows of the services, ordered by service, then name and id. */
  slos: { serviceId: string; slo: SloRowFacts }[];
  /** Services whose telemetry the mesh worker marked stale. */
  staleServiceIds: string[];
}

// The neighbourhood statement's two forms (from a service id, from a slug along with the
// service) as fixed texts, run as prepared direct statements (server/db/direct-statement.ts).
// Parameters: $1 the organization, $2 the service's id or slug, $3 the depth (and $4 the
// policy set's row name in the slug form). Shared: the recursive walk of ADR 003 from
// `start` (SQL yielding the service's id), the active edges into the services it reached,
// and the services of the neighbourhood (the service and every caller in it).
function neighbourhoodCtes(start: string): string {
  return `
    reach(service_id, hops) AS (
      SELECT (${start}), 0
      UNION
      SELECT e."callerId", r.hops + 1
      FROM reach r
      JOIN "Edge" e ON e."organizationId" = $1 AND e."calleeId" = r.service_id AND e."goneAt" IS NULL
      WHERE r.hops < $3::int - 1 AND e."callerId" IS NOT NULL
    ), edges AS (
      -- Arrays, not IN (SELECT DISTINCT …) / UNION: an index condition whatever the
      -- generic plan's row guess, and no hash table built per decision for a dozen ids
      -- (the btree scan drops the array's duplicates itself).
      SELECT e."callerId", e."calleeId", e."requestRate", (e."staleSince" IS NOT NULL) AS "isStale"
      FROM "Edge" e
      WHERE $3::int >= 1 AND e."organizationId" = $1 AND e."goneAt" IS NULL
        AND e."calleeId" = ANY (ARRAY(SELECT service_id FROM reach WHERE service_id IS NOT NULL))
    ), svc AS (
      -- = ANY(ARRAY(…)), not IN (SELECT …): the prepared statement's generic plan guesses
      -- ~2,000 ids from the CTEs and then hash-joins a sequential scan of every service of
      -- the organization (10,000 rows, ~2 ms of Postgres CPU per decision) for the ~11 it
      -- needs; an array parameter is looked up through the primary key whatever the guess
      -- (docs/adr/013-gate-read-plan-and-group-commit.md).
      SELECT s."id", s."slug", s."name", s."ownerTeamId"
      FROM "Service" s
      WHERE s."organizationId" = $1
        AND s."id" = ANY (ARRAY(SELECT "callerId" FROM edges WHERE "callerId" IS NOT NULL) || ARRAY[(${start})])
    )`;
}

// Flat lists, joined in JS (assembleNeighbourhood): the owner teams, SLO rows and telemetry
// marks of the services are each read once, by array, and nothing is joined in SQL, so the
// plan builds no hash table, sort or grouping per decision (ADR 013, fourth round).
const NEIGHBOURHOOD_COLUMNS = `
      COALESCE((SELECT json_agg(json_build_object('callerId', "callerId", 'calleeId', "calleeId", 'requestRate', "requestRate", 'isStale', "isStale")) FROM edges), '[]'::json) AS "edges",
      COALESCE((SELECT json_agg(json_build_object('id', s."id", 'slug', s."slug", 'name', s."name", 'ownerTeamId', s."ownerTeamId")) FROM svc s), '[]'::json) AS "services",
      COALESCE((
        SELECT json_agg(json_build_object('id', t."id", 'slug', t."slug", 'name', t."name", 'slackChannel', t."slackChannel"))
        FROM "Team" t
        WHERE t."organizationId" = $1 AND t."id" = ANY (ARRAY(SELECT "ownerTeamId" FROM svc))
      ), '[]'::json) AS "ownerTeams",
      COALESCE((
        SELECT json_agg(json_build_object('serviceId', o."serviceId", 'slo', json_build_object(
            'name', o."name", 'status', o."status", 'isOutOfSlo', o."isOutOfSlo", 'isTelemetryStale', o."isTelemetryStale",
            'budgetRemaining', o."budgetRemaining", 'burnRates', o."burnRates")) ORDER BY o."serviceId", o."name", o."id")
        FROM "Slo" o
        WHERE o."organizationId" = $1 AND o."serviceId" = ANY (ARRAY(SELECT id FROM svc))
      ), '[]'::json) AS "slos",
      ARRAY(
        SELECT st."serviceId" FROM "ServiceTelemetry" st
        WHERE st."organizationId" = $1 AND st."serviceId" = ANY (ARRAY(SELECT id FROM svc)) AND st."staleSince" IS NOT NULL
      ) AS "staleServiceIds"`;

const NEIGHBOURHOOD_BY_ID = directStatement(`
    WITH RECURSIVE ${neighbourhoodCtes("SELECT $2::text")}
    SELECT ${NEIGHBOURHOOD_COLUMNS}`);

const SERVICE_WITH_NEIGHBOURHOOD_BY_SLUG = directStatement(`
    WITH RECURSIVE target AS (
      SELECT s."id", s."slug", s."name", t."id" AS "teamId", t."slug" AS "teamSlug", t."name" AS "teamName"
      FROM "Service" s LEFT JOIN "Team" t ON t."id" = s."ownerTeamId" AND t."organizationId" = s."organizationId"
      WHERE s."organizationId" = $1 AND s."slug" = $2
    ), ${neighbourhoodCtes('SELECT "id" FROM target')}
    SELECT target."id", target."slug", target."name", target."teamId", target."teamSlug", target."teamName",
      (SELECT p."updatedAt" FROM "Policy" p WHERE p."organizationId" = $1 AND p."name" = $4) AS "policyVersion",
      ${NEIGHBOURHOOD_COLUMNS},
      -- Whether the organization has its own mail server: a pending decision needed a
      -- statement for it (and for the owner teams above, the teams a decision asks unless a
      -- rule names another).
      EXISTS (SELECT 1 FROM "SmtpSettings" m WHERE m."organizationId" = $1) AS "hasOwnMailServer"
    FROM target`);

/**
 * The neighbourhood's services with their owner team's slug, telemetry mark and SLO rows
 * (in name order), from the statement's flat lists.
 */
function assembleNeighbourhood(flat: TFlatNeighbourhood): TNeighbourhoodWithFacts {
  const teamSlugs = new Map(flat.ownerTeams.map((team) => [team.id, team.slug]));
  const stale = new Set(flat.staleServiceIds);
  const slosByService = new Map<string, SloRowFacts[]>();
  for (const { serviceId, slo } of flat.slos) {
    const slos = slosByService.get(serviceId);
    if (slos) slos.push(slo);
    else slosByService.set(serviceId, [slo]);
  }
  return {
    edges: flat.edges,
    services: flat.services.map((service) => ({
      id: service.id,
      slug: service.slug,
      name: service.name,
      ownerTeamSlug: service.ownerTeamId === null ? null : (teamSlugs.get(service.ownerTeamId) ?? null),
      telemetryStale: stale.has(service.id),
      slos: slosByService.get(service.id) ?? [],
    })),
  };
}

/**
 * Everything a decision reads about the graph, in ONE statement (it was four round trips:
 * the neighbourhood, then the services, their SLO rows and their telemetry staleness):
 * the inbound neighbourhood exactly as findInboundNeighbourhood reads it (same recursive
 * query, docs/adr/003-gate-neighbourhood.md), and for the service and every caller in it
 * the service row with its owner team's slug, whether its telemetry is marked stale, and
 * its SLO rows as the SLO worker left them. A caller deleted meanwhile has no row.
 */
export async function findNeighbourhoodWithFacts(organizationId: string, serviceId: string, depth: number): Promise<TNeighbourhoodWithFacts> {
  const [row] = await runDirectStatement<TFlatNeighbourhood>(NEIGHBOURHOOD_BY_ID, [organizationId, serviceId, depth]);
  return row ? assembleNeighbourhood(row) : { edges: [], services: [] };
}

/**
 * A decision's whole read in ONE statement: the service by slug with its owner team, the
 * organization's stored policy set's version (`updatedAt`, null without one), and the
 * service's neighbourhood with facts at `depth` (findNeighbourhoodWithFacts). `depth` is
 * the caller's guess from the policy set it has parsed; when the version says the set
 * changed and the depth with it, the caller reads the neighbourhood again. Null: no such
 * service.
 */
export async function findGateServiceWithNeighbourhood(
  organizationId: string,
  slug: string,
  depth: number,
): Promise<{
  service: TGateServiceRow;
  policyVersion: Date | null;
  neighbourhood: TNeighbourhoodWithFacts;
  /** Every team owning the service or a service in its neighbourhood, as findTeamsBySlugs reads them. */
  ownerTeams: TTeamRow[];
  /** The organization has its own mail server (SmtpSettings), as isEmailEnabled reads it. */
  hasOwnMailServer: boolean;
} | null> {
  const [row] = await runDirectStatement<
    TFlatNeighbourhood & {
      id: string;
      slug: string;
      name: string;
      teamId: string | null;
      teamSlug: string | null;
      teamName: string | null;
      policyVersion: Date | string | null;
      hasOwnMailServer: boolean;
    }
  >(SERVICE_WITH_NEIGHBOURHOOD_BY_SLUG, [organizationId, slug, depth, POLICY_SET_ROW_NAME]);
  if (!row) return null;
  const ownerTeam = row.teamId !== null && row.teamSlug !== null && row.teamName !== null ? { id: row.teamId, slug: row.teamSlug, name: row.teamName } : null;
  return {
    service: { id: row.id, slug: row.slug, name: row.name, ownerTeam },
    policyVersion: row.policyVersion === null ? null : new Date(row.policyVersion),
    neighbourhood: assembleNeighbourhood(row),
    ownerTeams: row.ownerTeams,
    hasOwnMailServer: row.hasOwnMailServer,
  };
}

export interface TTeamRow {
  id: string;
  slug: string;
  name: string;
  slackChannel: string | null;
}

/**
 * `known`: teams already read with the decision (the neighbourhood's owners); when they
 * hold every slug asked for, no statement is needed.
 */
export async function findTeamsBySlugs(organizationId: string, slugs: readonly string[], known: readonly TTeamRow[] = []): Promise<TTeamRow[]> {
  if (slugs.length === 0) return [];
  const found = known.filter((team) => slugs.includes(team.slug));
  if (new Set(found.map((team) => team.slug)).size === new Set(slugs).size) return found;
  return getPrisma().team.findMany({
    where: { organizationId, slug: { in: [...slugs] } },
    select: { id: true, slug: true, name: true, slackChannel: true },
  });
}

// ---------- Writing a decision ----------

export interface TChangeEventWrite {
  serviceId: string | null;
  type: string;
  title: string;
  details: TJsonDocument;
  actor: string | null;
  source: "api" | "ui" | "demo";
  dedupeKey: string;
  occurredAt: Date;
}

export interface TNotificationWrite {
  id: string;
  channel: string;
  target: string;
  kind: string;
  payload: TJsonDocument;
  dedupeKey: string;
}

export interface TDeployDecisionWrite {
  request: {
    id: string;
    serviceId: string;
    environment: string;
    version: string;
    commit: string | null;
    requestedBy: string | null;
    ciUrl: string | null;
    status: "pending" | "approved" | "rejected";
    reasons: TJsonDocument;
    decisionFacts: TJsonDocument;
    breakGlassReason: string | null;
    idempotencyKey: string | null;
    requestHash: string;
    expiresAt: Date | null;
    decidedAt: Date | null;
    createdAt: Date;
  };
  approvals: { id: string; teamId: string; reason: TJsonDocument; createdAt: Date }[];
  events: TChangeEventWrite[];
  notifications: TNotificationWrite[];
}

/**
 * Writes a decision in ONE transaction: the request (first, so a duplicate
 * Idempotency-Key fails before anything else is written), its approvals, its change
 * events and its outbox notifications. The outbox rows commit with the decision, so no
 * message can go out for a decision that was not stored, and none is lost if the
 * process dies right after: the sender only ever reads committed rows.
 * Throws a unique violation (isUniqueViolation) when (organizationId, idempotencyKey) already exists.
 */
export async function insertDeployDecision(organizationId: string, write: TDeployDecisionWrite): Promise<void> {
  if (!write.notifications.some((notification) => notification.channel === "slack")) {
    // The gate's hot path: every row is known up front, so one statement writes them all,
    // together with the decisions of concurrent requests (group commit).
    await decisionWrites.write({ key: write.request.id, write: { organizationId, write } });
    return;
  }
  // Slack rows get their send jobs in the same transaction, which needs an interactive one.
  const jobs = await prepareNotificationJobs();
  await getPrisma().$transaction(async (tx) => {
    // The hot path hands its JSON over uncopied (asJsonColumn); Prisma gets plain JSON.
    const request = { ...write.request, reasons: toJson(write.request.reasons), decisionFacts: toJson(write.request.decisionFacts) };
    await tx.deployRequest.create({ data: { organizationId, ...request }, select: { id: true } });
    await tx.approval.createMany({
      data: write.approvals.map((approval) => ({ organizationId, deployRequestId: write.request.id, status: "pending" as const, ...approval, reason: toJson(approval.reason) })),
    });
    await tx.changeEvent.createMany({
      data: write.events.map((event) => ({ organizationId, deployRequestId: write.request.id, ...event, details: toJson(event.details) })),
      skipDuplicates: true,
    });
    const notifications = write.notifications.map((notification) => ({ ...notification, payload: toJson(notification.payload) }));
    await insertNotifications(tx, jobs, organizationId, write.request.id, notifications, write.request.createdAt);
  });
}

/** What a decision whose Idempotency-Key was taken within a batch is rejected with: a unique violation, as from a write alone. */
class IdempotencyKeyTaken extends Error {
  readonly code = "23505";
}

const decisionWrites = createDecisionWriteBatcher<{ organizationId: string; write: TDeployDecisionWrite }>({
  writeBatch: insertDecisionsInOneStatement,
  writeOne: ({ organizationId, write }) => insertDecisionInOneStatement(organizationId, write),
  keyTaken: ({ write }) => new IdempotencyKeyTaken(`Idempotency-Key "${write.request.idempotencyKey}" was taken by a concurrent request`),
  // Ten CI jobs at once make batches of a few; the cap only bounds one statement's size.
  maxBatch: 32,
  onBatch: (size) => getMetrics().gateDecisionWriteBatch.observe(size),
});

/**
 * A unique violation: Prisma's P2002 from its queries, P2010 carrying Postgres' 23505 from
 * a raw statement, or pg's own error with SQLSTATE 23505 from a direct statement (the
 * one-statement decision write on Postgres, server/db/direct-statement.ts). Checked by
 * code, not class, because Next's bundles may load the client twice.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== "object" || error === null || !("code" in error)) return false;
  if (error.code === "P2002" || error.code === "23505") return true;
  if (error.code !== "P2010" || !("meta" in error)) return false;
  // The driver adapter's error, as Prisma 7 attaches it to a failed raw query.
  const meta = error.meta as { code?: unknown; driverAdapterError?: { cause?: { originalCode?: unknown; kind?: unknown } } } | null;
  const cause = meta?.driverAdapterError?.cause;
  return meta?.code === "23505" || cause?.originalCode === "23505" || cause?.kind === "UniqueConstraintViolation";
}

async function insertEvents(tx: TTx, organizationId: string, deployRequestId: string, events: readonly TChangeEventWrite[]): Promise<void> {
  if (events.length === 0) return;
  // skipDuplicates: the dedupeKeys make a retried write (a worker re-run, a repeated CI report) a no-op.
  await tx.changeEvent.createMany({
    data: events.map((event) => ({ organizationId, deployRequestId, ...event })),
    skipDuplicates: true,
  });
}

/**
 * `at` is when the change happened, not when it is written: a demo seeded at start-up, or
 * a decision replayed by a worker, must not date its messages to the moment of writing
 * (/notifications showed the start-up time on messages 20 h old).
 */
async function insertNotifications(
  tx: TTx,
  jobs: TNotificationJobs,
  organizationId: string,
  deployRequestId: string,
  rows: readonly TNotificationWrite[],
  at: Date,
): Promise<void> {
  if (rows.length === 0) return;
  // skipDuplicates: dedupeKeys make a re-run (a retried expiry, a repeated decision) add nothing.
  const inserted = await tx.notification.createManyAndReturn({
    data: rows.map((row) => ({ organizationId, deployRequestId, createdAt: at, ...row })),
    skipDuplicates: true,
    select: { id: true, channel: true },
  });
  // The send jobs (pg-boss) commit with the rows: no message without its decision, no row without its job.
  await jobs.enqueue(fromPrisma(tx), organizationId, inserted);
}

/** NOTIFY is transactional: other processes hear it only if (and when) the change commits. */
async function notifyOtherProcesses(tx: TTx, payload: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${DEPLOY_REQUESTS_CHANNEL}, ${payload})`;
}

// ---------- Reading requests ----------

export const REQUEST_SELECT = {
  id: true,
  status: true,
  environment: true,
  version: true,
  commit: true,
  requestedBy: true,
  ciUrl: true,
  reasons: true,
  decisionFacts: true,
  breakGlassReason: true,
  requestHash: true,
  expiresAt: true,
  decidedAt: true,
  createdAt: true,
  liveFacts: true,
  reevaluatedAt: true,
  service: { select: { id: true, slug: true, name: true, ownerTeam: { select: { slug: true, name: true } } } },
  approvals: {
    select: {
      id: true,
      status: true,
      reason: true,
      decidedAt: true,
      channel: true,
      comment: true,
      createdAt: true,
      team: { select: { id: true, slug: true, name: true } },
      decidedBy: { select: { name: true, email: true } },
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  },
} as const satisfies Prisma.DeployRequestSelect;

export type TDeployRequestRow = Prisma.DeployRequestGetPayload<{ select: typeof REQUEST_SELECT }>;

export async function findDeployRequestRow(organizationId: string, id: string): Promise<TDeployRequestRow | null> {
  return getPrisma().deployRequest.findFirst({ where: { organizationId, id }, select: REQUEST_SELECT });
}

/** These requests of the organization, whatever their status now, in the order of `ids` (one read for a list: no statement per request). */
export async function findDeployRequestRows(organizationId: string, ids: readonly string[]): Promise<TDeployRequestRow[]> {
  if (ids.length === 0) return [];
  const rows = await getPrisma().deployRequest.findMany({ where: { organizationId, id: { in: [...ids] } }, select: REQUEST_SELECT });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function findIdempotentRequest(organizationId: string, idempotencyKey: string): Promise<{ id: string; requestHash: string | null } | null> {
  return getPrisma().deployRequest.findUnique({
    where: { organizationId_idempotencyKey: { organizationId, idempotencyKey } },
    select: { id: true, requestHash: true },
  });
}

export async function listDeployRequestRows(
  organizationId: string,
  filter: { serviceSlug?: string; serviceSlugs?: readonly string[]; teamSlug?: string; status?: TDeployRequestStatus; limit: number; pendingApprovalOfTeamIds?: readonly string[] },
): Promise<TDeployRequestRow[]> {
  return getPrisma().deployRequest.findMany({
    where: {
      organizationId,
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.serviceSlug ? { service: { slug: filter.serviceSlug } } : {}),
      // Every further condition is one AND term, so the filters combine rather than overwrite.
      AND: [
        // "Waiting for you": a pending approval of one of these teams on a pending request.
        ...(filter.pendingApprovalOfTeamIds
          ? [{ status: "pending" as const }, { approvals: { some: { status: "pending" as const, teamId: { in: [...filter.pendingApprovalOfTeamIds] } } } }]
          : []),
        // The services a fuzzy search matched (list-deploy-requests.ts).
        ...(filter.serviceSlugs ? [{ service: { slug: { in: [...filter.serviceSlugs] } } }] : []),
      ],
      // A team is involved when it owns the service or was asked to approve.
      ...(filter.teamSlug
        ? { OR: [{ service: { ownerTeam: { slug: filter.teamSlug } } }, { approvals: { some: { team: { slug: filter.teamSlug } } } }] }
        : {}),
    },
    select: REQUEST_SELECT,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: filter.limit,
  });
}

export async function findTimelineRows(
  organizationId: string,
  deployRequestId: string,
): Promise<{ id: string; type: string; title: string; actor: string | null; occurredAt: Date; details: Prisma.JsonValue; service: { slug: string } | null }[]> {
  return getPrisma().changeEvent.findMany({
    where: { organizationId, deployRequestId },
    select: { id: true, type: true, title: true, actor: true, occurredAt: true, details: true, service: { select: { slug: true } } },
    orderBy: [{ occurredAt: "asc" }, { id: "asc" }],
  });
}

// ---------- Approvals ----------

export interface TApprovalContextRow {
  approval: { id: string; status: TApprovalStatus; decidedAt: Date | null; decidedBy: { name: string; email: string } | null };
  team: { id: string; slug: string; name: string };
  teamHasOwners: boolean;
}

export async function findApprovalContext(organizationId: string, deployRequestId: string, teamSlug: string): Promise<TApprovalContextRow | null> {
  const prisma = getPrisma();
  const approval = await prisma.approval.findFirst({
    where: { organizationId, deployRequestId, team: { slug: teamSlug } },
    select: { id: true, status: true, decidedAt: true, decidedBy: { select: { name: true, email: true } }, team: { select: { id: true, slug: true, name: true } } },
  });
  if (!approval) return null;
  const owners = await prisma.teamMembership.count({ where: { organizationId, teamId: approval.team.id, role: "owner" } });
  const { team, ...rest } = approval;
  return { approval: rest, team, teamHasOwners: owners > 0 };
}

/** A person of the organization by id, email or catalog handle, with their membership in `teamId`. */
export async function findPersonWithMembership(
  organizationId: string,
  reference: string,
  teamId: string,
): Promise<{ id: string; name: string; email: string; membership: { role: "owner" | "member" } | null } | null> {
  const person = await getPrisma().person.findFirst({
    where: {
      organizationId,
      OR: [{ email: { equals: reference, mode: "insensitive" } }, { handle: reference }, { id: reference }],
    },
    select: { id: true, name: true, email: true, memberships: { where: { teamId }, select: { role: true } } },
  });
  if (!person) return null;
  const [membership] = person.memberships;
  return { id: person.id, name: person.name, email: person.email, membership: membership ? { role: membership.role } : null };
}

/** Who may decide for each team (the deploy page offers its form to them): its owners when it names some, else its members. */
export async function findTeamDeciders(organizationId: string, teamIds: readonly string[]): Promise<Map<string, TDecider[]>> {
  const byTeam = new Map<string, TDecider[]>();
  if (teamIds.length === 0) return byTeam;
  const rows = await getPrisma().teamMembership.findMany({
    where: { organizationId, teamId: { in: [...teamIds] } },
    select: { teamId: true, role: true, person: { select: { id: true, name: true, email: true } } },
    orderBy: [{ role: "asc" }, { person: { name: "asc" } }],
  });
  for (const row of rows) {
    const list = byTeam.get(row.teamId) ?? [];
    list.push({ id: row.person.id, name: row.person.name, email: row.person.email, role: row.role });
    byTeam.set(row.teamId, list);
  }
  return byTeam;
}

export type TRecordDecisionResult =
  | { kind: "recorded"; requestStatus: "pending" | "approved" | "rejected" }
  | { kind: "already-decided" }
  | { kind: "request-not-pending"; status: TDeployRequestStatus };

/**
 * Records one team's decision and settles the request, in one transaction. The request
 * row is locked first (FOR UPDATE), so two teams approving at the same moment are
 * serialised and the second one sees the first's approval: the request cannot stay
 * pending with every approval given. The approval update is conditional on it still
 * being pending, which makes a second decision on it a no-op reported to the caller.
 */
export async function recordApprovalDecision(
  organizationId: string,
  input: {
    deployRequestId: string;
    approvalId: string;
    personId: string;
    status: "approved" | "rejected";
    comment: string | null;
    channel: "web" | "api" | "slack" | "email";
    at: Date;
    settle: (approvals: TApprovalStatus[]) => "pending" | "approved" | "rejected";
    events: (requestStatus: "pending" | "approved" | "rejected") => TChangeEventWrite[];
    /** Outbox rows the decision causes (Slack message updates, the outcome), committed with it. */
    notifications?: (requestStatus: "pending" | "approved" | "rejected") => TNotificationWrite[];
    notifyPayload: string;
  },
): Promise<TRecordDecisionResult> {
  const jobs = await prepareNotificationJobs();
  return getPrisma().$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ status: TDeployRequestStatus }[]>`
      SELECT "status"::text AS "status" FROM "DeployRequest"
      WHERE "id" = ${input.deployRequestId} AND "organizationId" = ${organizationId}
      FOR UPDATE`;
    const current = locked[0]?.status;
    if (current === undefined) throw new Error(`deploy request ${input.deployRequestId} vanished during a decision`);
    if (current !== "pending") return { kind: "request-not-pending", status: current };

    const updated = await tx.approval.updateMany({
      where: { organizationId, id: input.approvalId, deployRequestId: input.deployRequestId, status: "pending" },
      data: { status: input.status, decidedById: input.personId, decidedAt: input.at, channel: input.channel, comment: input.comment },
    });
    if (updated.count === 0) return { kind: "already-decided" };

    const approvals = await tx.approval.findMany({ where: { organizationId, deployRequestId: input.deployRequestId }, select: { status: true } });
    const requestStatus = input.settle(approvals.map((approval) => approval.status));
    if (requestStatus !== "pending") {
      await tx.deployRequest.updateMany({
        where: { organizationId, id: input.deployRequestId, status: "pending" },
        data: { status: requestStatus, decidedAt: input.at },
      });
    }
    await insertEvents(tx, organizationId, input.deployRequestId, input.events(requestStatus));
    await insertNotifications(tx, jobs, organizationId, input.deployRequestId, input.notifications?.(requestStatus) ?? [], input.at);
    await notifyOtherProcesses(tx, input.notifyPayload);
    return { kind: "recorded", requestStatus };
  });
}

// ---------- Status changes: cancel, CI outcome, expiry ----------

/**
 * Moves a request from `from` to `to` if (and only if) it is still `from`, with its
 * change events. Returns false when another writer moved it first.
 */
export async function transitionDeployRequest(
  organizationId: string,
  input: {
    id: string;
    from: TDeployRequestStatus;
    to: TDeployRequestStatus;
    at: Date;
    setDecidedAt: boolean;
    events: TChangeEventWrite[];
    notifications?: TNotificationWrite[];
    notifyPayload: string;
  },
): Promise<boolean> {
  const jobs = await prepareNotificationJobs();
  return getPrisma().$transaction(async (tx) => {
    const updated = await tx.deployRequest.updateMany({
      where: { organizationId, id: input.id, status: input.from },
      data: { status: input.to, ...(input.setDecidedAt ? { decidedAt: input.at } : {}) },
    });
    if (updated.count === 0) return false;
    await insertEvents(tx, organizationId, input.id, input.events);
    await insertNotifications(tx, jobs, organizationId, input.id, input.notifications ?? [], input.at);
    await notifyOtherProcesses(tx, input.notifyPayload);
    return true;
  });
}

/** History without a status change (CI reported "started"). Idempotent through dedupeKeys. */
export async function insertDeployChangeEvents(organizationId: string, deployRequestId: string, events: TChangeEventWrite[]): Promise<void> {
  await getPrisma().$transaction(async (tx) => insertEvents(tx, organizationId, deployRequestId, events));
}

/**
 * Expires one pending request whose time is up, with its pending approvals, in one
 * transaction. Conditional on still being pending and due, so the worker and an inline
 * read expiring the same request at once write it once.
 */
export async function expirePendingRequest(
  organizationId: string,
  input: { id: string; now: Date; events: TChangeEventWrite[]; notifications?: TNotificationWrite[]; notifyPayload: string },
): Promise<boolean> {
  const jobs = await prepareNotificationJobs();
  return getPrisma().$transaction(async (tx) => {
    const updated = await tx.deployRequest.updateMany({
      where: { organizationId, id: input.id, status: "pending", expiresAt: { lte: input.now } },
      data: { status: "expired", decidedAt: input.now },
    });
    if (updated.count === 0) return false;
    await tx.approval.updateMany({ where: { organizationId, deployRequestId: input.id, status: "pending" }, data: { status: "expired" } });
    await insertEvents(tx, organizationId, input.id, input.events);
    await insertNotifications(tx, jobs, organizationId, input.id, input.notifications ?? [], input.now);
    await notifyOtherProcesses(tx, input.notifyPayload);
    return true;
  });
}

/**
 * Pending requests past their expiry, across organizations: the expiry worker's scan
 * (the one cross-tenant read of the gate; each hit is then expired org-scoped). Served
 * by the (organizationId, status, createdAt) index's status filter plus expiresAt.
 */
export async function findDueExpiries(now: Date, limit: number): Promise<{ organizationId: string; id: string }[]> {
  return getPrisma().deployRequest.findMany({
    where: { status: "pending", expiresAt: { lte: now } },
    select: { organizationId: true, id: true },
    orderBy: { expiresAt: "asc" },
    take: limit,
  });
}

export async function findDueExpiriesInOrganization(organizationId: string, now: Date, limit: number): Promise<string[]> {
  const rows = await getPrisma().deployRequest.findMany({
    where: { organizationId, status: "pending", expiresAt: { lte: now } },
    select: { id: true },
    take: limit,
  });
  return rows.map((row) => row.id);
}

// ---------- Demo ----------

export async function countDemoDeployRequests(organizationId: string, requestedBy: string): Promise<number> {
  return getPrisma().deployRequest.count({ where: { organizationId, requestedBy } });
}
