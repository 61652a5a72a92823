/** Action items: owned, due, done. Open ones show on their service's page until done. */
export interface TActionItemState {
  dueOn: Date | null;
  doneAt: Date | null;
}

export function isActionItemOpen(item: TActionItemState): boolean {
  return item.doneAt === null;
}

/** Due before today (UTC date of `now`) and not done. */
export function isActionItemOverdue(item: TActionItemState, now: Date): boolean {
  if (item.doneAt !== null || item.dueOn === null) return false;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return item.dueOn.getTime() < today;
}

/** Open first (overdue, then soonest due, then undated), done last. */
export function compareActionItems<T extends TActionItemState & { createdAt: Date }>(a: T, b: T): number {
  if ((a.doneAt === null) !== (b.doneAt === null)) return a.doneAt === null ? -1 : 1;
  const dueA = a.dueOn?.getTime() ?? Number.POSITIVE_INFINITY;
  const dueB = b.dueOn?.getTime() ?? Number.POSITIVE_INFINITY;
  if (dueA !== dueB) return dueA - dueB;
  return a.createdAt.getTime() - b.createdAt.getTime();
}

/** A due date as typed in a form or the API ("2026-12-24"): midnight UTC of that day, or null. */
export function parseDueDate(text: string | null | undefined): Date | null {
  if (!text) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().startsWith(text.trim()) ? date : null;
}
