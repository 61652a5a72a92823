import type { TIncidentKind } from "@/domain/incidents/incident-kinds.ts";
import type { TPostmortemTemplate } from "@/domain/incidents/postmortem-templates.ts";
import type { TLearningListQuery } from "./incidents.schemas.ts";
import { findServicesBySlugs, findTeamBySlug } from "./incidents.repository.ts";
import { findLearningRows, findMostReadSince, recordPostmortemRead, type TLearningRow } from "./incidents-postmortem.repository.ts";

export interface TLearning {
  incidentId: string;
  learning: string;
  template: TPostmortemTemplate;
  author: string | null;
  publishedAt: string;
  readCount: number;
  kind: TIncidentKind;
  incidentTitle: string;
  startedAt: string;
  ownerTeam: { slug: string; name: string } | null;
  services: { slug: string; name: string }[];
}

/** Every published learning, newest first; searchable, filterable by service, team and kind. */
export async function listLearnings(organizationId: string, query: TLearningListQuery): Promise<TLearning[]> {
  let serviceId: string | undefined;
  let teamId: string | undefined;
  if (query.service) {
    const [service] = await findServicesBySlugs(organizationId, [query.service]);
    if (!service) return [];
    serviceId = service.id;
  }
  if (query.team) {
    const team = await findTeamBySlug(organizationId, query.team);
    if (!team) return [];
    teamId = team.id;
  }
  const rows = await findLearningRows(organizationId, { q: query.q || undefined, serviceId, teamId, kind: query.kind, limit: query.limit });
  return rows.map(toLearning);
}

/** Reads count for "this month" over the last 30 days: a calendar month would be empty on every 1st. */
export const MOST_READ_DAYS = 30;

/** The learnings read most in the last 30 days, with their reads in that time. */
export async function listMostReadThisMonth(organizationId: string, now: Date, limit = 5): Promise<(TLearning & { readsThisMonth: number })[]> {
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (MOST_READ_DAYS - 1) * 86_400_000);
  const rows = await findMostReadSince(organizationId, since, limit);
  return rows.map(({ row, reads }) => ({ ...toLearning(row), readsThisMonth: reads }));
}

/** Counts a reader reading an incident's published learning (once per reader per day). */
export async function recordLearningRead(organizationId: string, incidentId: string, reader: string, now: Date): Promise<boolean> {
  return recordPostmortemRead(organizationId, incidentId, reader, now);
}

function toLearning(row: TLearningRow): TLearning {
  return {
    incidentId: row.incident.id,
    learning: row.learning,
    template: row.template,
    author: row.author,
    publishedAt: (row.publishedAt ?? new Date(0)).toISOString(),
    readCount: row.readCount,
    kind: row.incident.kind,
    incidentTitle: row.incident.title,
    startedAt: row.incident.startedAt.toISOString(),
    ownerTeam: row.incident.ownerTeam,
    services: row.incident.services.map((link) => link.service),
  };
}
