import { getPrisma } from "@/server/db/client.ts";

// Read side of change events (every writer inserts its own; this only lists). Every
// function takes the organization first and filters by it.

export interface TChangeEventRow {
  id: string;
  type: string;
  title: string;
  source: string;
  actor: string | null;
  occurredAt: Date;
  details: unknown;
}

const EVENT_SELECT = { id: true, type: true, title: true, source: true, actor: true, occurredAt: true, details: true } as const;
// Ties on occurredAt are ordered by id, so every query agrees on one order.
const NEWEST_FIRST = [{ occurredAt: "desc" as const }, { id: "desc" as const }];

export async function findServiceIdBySlug(organizationId: string, slug: string): Promise<string | null> {
  const row = await getPrisma().service.findUnique({ where: { organizationId_slug: { organizationId, slug } }, select: { id: true } });
  return row?.id ?? null;
}

/** The newest events of a service strictly before `before` (all of them when null). */
export async function findServiceEvents(organizationId: string, serviceId: string, options: { before: Date | null; take: number }): Promise<TChangeEventRow[]> {
  return getPrisma().changeEvent.findMany({
    where: { organizationId, serviceId, ...(options.before === null ? {} : { occurredAt: { lt: options.before } }) },
    select: EVENT_SELECT,
    orderBy: NEWEST_FIRST,
    take: options.take,
  });
}

/** Every event of a service at exactly this time: a page must not end in the middle of them. */
export async function findServiceEventsAt(organizationId: string, serviceId: string, at: Date): Promise<TChangeEventRow[]> {
  return getPrisma().changeEvent.findMany({
    where: { organizationId, serviceId, occurredAt: at },
    select: EVENT_SELECT,
    orderBy: NEWEST_FIRST,
  });
}
