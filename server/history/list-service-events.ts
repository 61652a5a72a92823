import type { TChangeEvent, TServiceEventsPage, TServiceEventsQuery } from "./history.schemas.ts";
import { findServiceEvents, findServiceEventsAt, findServiceIdBySlug, type TChangeEventRow } from "./history.repository.ts";

/**
 * One page of a service's history, newest first; null when the service does not exist.
 * Pages are cut by time (`before`), so a page never ends between two events of the same
 * millisecond (a batch of Kubernetes changes, say): those all join the page, and the next
 * page starts strictly before them. Nothing is skipped or repeated.
 */
export async function listServiceEvents(organizationId: string, slug: string, query: TServiceEventsQuery): Promise<TServiceEventsPage | null> {
  const serviceId = await findServiceIdBySlug(organizationId, slug);
  if (serviceId === null) return null;
  const before = query.before === undefined ? null : new Date(query.before);
  const rows = await findServiceEvents(organizationId, serviceId, { before, take: query.limit });
  const last = rows.at(-1);
  if (last === undefined || rows.length < query.limit) return { events: rows.map(toDto), nextBefore: null };

  const seen = new Set(rows.map((row) => row.id));
  const ties = (await findServiceEventsAt(organizationId, serviceId, last.occurredAt)).filter((row) => !seen.has(row.id));
  const page = [...rows, ...ties];
  const older = await findServiceEvents(organizationId, serviceId, { before: last.occurredAt, take: 1 });
  return { events: page.map(toDto), nextBefore: older.length > 0 ? last.occurredAt.toISOString() : null };
}

function toDto(row: TChangeEventRow): TChangeEvent {
  return {
    id: row.id,
    type: row.type,
    title: row.title,
    source: row.source,
    actor: row.actor,
    occurredAt: row.occurredAt.toISOString(),
    details: row.details !== null && typeof row.details === "object" && !Array.isArray(row.details) ? (row.details as Record<string, unknown>) : {},
  };
}
