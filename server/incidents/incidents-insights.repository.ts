import { getPrisma } from "@/server/db/client.ts";
import type { TIncidentKind } from "@/domain/incidents/incident-kinds.ts";
import type { TIncidentStatus } from "@/domain/incidents/incident-statuses.ts";

// What the incident pages read beside the incident itself: the graph around its services,
// the changes there, what burns now, and the counts of /learnings. Every query is scoped
// by organizationId.

/** Edges touching these services that existed at `at` (not gone before it): declared and observed alike. */
export async function findEdgesTouching(organizationId: string, serviceIds: readonly string[], at: Date): Promise<{ callerId: string | null; calleeId: string }[]> {
  if (serviceIds.length === 0) return [];
  const ids = [...serviceIds];
  return getPrisma().edge.findMany({
    where: { organizationId, OR: [{ goneAt: null }, { goneAt: { gte: at } }], AND: [{ OR: [{ callerId: { in: ids } }, { calleeId: { in: ids } }] }] },
    select: { callerId: true, calleeId: true },
  });
}

export interface TNearbyEventRow {
  id: string;
  serviceId: string | null;
  type: string;
  title: string;
  occurredAt: Date;
  actor: string | null;
  service: { slug: string; name: string } | null;
}

/** Change events of these types in [from, to] on these services, plus organization-wide ones (no service). */
export async function findChangeEventsBetween(
  organizationId: string,
  input: { serviceIds: readonly string[]; types: readonly string[]; from: Date; to: Date; take: number },
): Promise<TNearbyEventRow[]> {
  return getPrisma().changeEvent.findMany({
    where: {
      organizationId,
      type: { in: [...input.types] },
      occurredAt: { gte: input.from, lte: input.to },
      OR: [{ serviceId: { in: [...input.serviceIds] } }, { serviceId: null }],
    },
    select: { id: true, serviceId: true, type: true, title: true, occurredAt: true, actor: true, service: { select: { slug: true, name: true } } },
    orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
    take: input.take,
  });
}

/** Services with an SLO out of SLO now (breached, or a page alert firing). */
export async function findBurningServiceIds(organizationId: string): Promise<string[]> {
  const rows = await getPrisma().slo.findMany({ where: { organizationId, isOutOfSlo: true }, select: { serviceId: true }, distinct: ["serviceId"], take: 100 });
  return rows.map((row) => row.serviceId);
}

export interface TReportFact {
  kind: TIncidentKind;
  status: TIncidentStatus;
  startedAt: Date;
  createdAt: Date;
  ownerTeam: { slug: string; name: string } | null;
  learnedAt: Date | null;
}

/** Reports of incidents that started since `since` (drafts and dismissed drafts are not reports), optionally of one team. */
export async function findReportFacts(organizationId: string, since: Date, teamId: string | null): Promise<TReportFact[]> {
  const rows = await getPrisma().incident.findMany({
    where: {
      organizationId,
      startedAt: { gte: since },
      status: { notIn: ["draft", "dismissed"] },
      ...(teamId === null ? {} : { OR: [{ ownerTeamId: teamId }, { services: { some: { service: { ownerTeamId: teamId } } } }] }),
    },
    select: { kind: true, status: true, startedAt: true, createdAt: true, ownerTeam: { select: { slug: true, name: true } }, postmortem: { select: { publishedAt: true } } },
    take: 10_000,
  });
  return rows.map((row) => ({ kind: row.kind, status: row.status, startedAt: row.startedAt, createdAt: row.createdAt, ownerTeam: row.ownerTeam, learnedAt: row.postmortem?.publishedAt ?? null }));
}

/**
 * findReportFacts for every team at once: each report since `since` with the teams it counts
 * for (its owner team and the owners of the services it names), in one query instead of
 * one per team.
 */
export async function findReportFactsWithTeams(organizationId: string, since: Date): Promise<(TReportFact & { teamIds: string[] })[]> {
  const rows = await getPrisma().incident.findMany({
    where: { organizationId, startedAt: { gte: since }, status: { notIn: ["draft", "dismissed"] } },
    select: {
      kind: true,
      status: true,
      startedAt: true,
      createdAt: true,
      ownerTeamId: true,
      ownerTeam: { select: { slug: true, name: true } },
      postmortem: { select: { publishedAt: true } },
      services: { select: { service: { select: { ownerTeamId: true } } } },
    },
    take: 10_000,
  });
  return rows.map((row) => ({
    kind: row.kind,
    status: row.status,
    startedAt: row.startedAt,
    createdAt: row.createdAt,
    ownerTeam: row.ownerTeam,
    learnedAt: row.postmortem?.publishedAt ?? null,
    teamIds: [...new Set([row.ownerTeamId, ...row.services.map((s) => s.service.ownerTeamId)].filter((id): id is string => id !== null))],
  }));
}

/** Open action items with the team each counts for (its own owner, else its incident's) and whether it is overdue at `now`. */
export async function findOpenActionItemTeams(organizationId: string, now: Date): Promise<{ teamId: string | null; isOverdue: boolean }[]> {
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const rows = await getPrisma().incidentActionItem.findMany({
    where: { organizationId, doneAt: null },
    select: { ownerTeamId: true, dueOn: true, incident: { select: { ownerTeamId: true } } },
    take: 10_000,
  });
  return rows.map((row) => ({ teamId: row.ownerTeamId ?? row.incident.ownerTeamId, isOverdue: row.dueOn !== null && row.dueOn < today }));
}

export async function countOpenActionItems(organizationId: string, teamId: string | null, now: Date): Promise<{ open: number; overdue: number }> {
  const prisma = getPrisma();
  const today = now;
  const where = { organizationId, doneAt: null, ...(teamId === null ? {} : { OR: [{ ownerTeamId: teamId }, { ownerTeamId: null, incident: { ownerTeamId: teamId } }] }) };
  const [open, overdue] = await Promise.all([
    prisma.incidentActionItem.count({ where }),
    prisma.incidentActionItem.count({ where: { ...where, dueOn: { lt: new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())) } } }),
  ]);
  return { open, overdue };
}

export async function findTeams(organizationId: string): Promise<{ id: string; slug: string; name: string }[]> {
  return getPrisma().team.findMany({ where: { organizationId, personEmail: null }, select: { id: true, slug: true, name: true }, orderBy: { name: "asc" }, take: 500 });
}

/** Services with an open or mitigated incident (the graph's marker): service slug → how many. */
export async function countActiveIncidentsByServiceSlug(organizationId: string): Promise<Map<string, number>> {
  const rows = await getPrisma().incidentService.findMany({
    where: { organizationId, incident: { status: { in: ["open", "mitigated"] } } },
    select: { service: { select: { slug: true } } },
    take: 5000,
  });
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.service.slug, (counts.get(row.service.slug) ?? 0) + 1);
  return counts;
}

/** Services to pick from in forms (slug, name), by name; `withIncidents`: only those named on at least one incident. */
export async function findServiceOptions(
  organizationId: string,
  limit: number,
  options: { withIncidents?: boolean } = {},
): Promise<{ slug: string; name: string }[]> {
  return getPrisma().service.findMany({
    where: { organizationId, ...(options.withIncidents ? { incidents: { some: { organizationId } } } : {}) },
    select: { slug: true, name: true },
    orderBy: { name: "asc" },
    take: limit,
  });
}
