import type { TServiceSort, TServiceSummary } from "./catalog.schemas.ts";

const byName = (a: TServiceSummary, b: TServiceSummary) => a.name.localeCompare(b.name);

// Missing values (no tier, no team, no SLO) sort last whichever the direction, so the
// interesting rows stay on top.
function compareNullable<T>(a: T | null, b: T | null, compare: (x: T, y: T) => number, dir: 1 | -1): number {
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return compare(a, b) * dir;
}

export function sortServices(
  services: readonly TServiceSummary[],
  sort: TServiceSort,
  order: "asc" | "desc",
): TServiceSummary[] {
  const dir = order === "asc" ? 1 : -1;
  const num = (x: number, y: number) => x - y;
  const str = (x: string, y: string) => x.localeCompare(y);
  const comparators: Record<TServiceSort, (a: TServiceSummary, b: TServiceSummary) => number> = {
    name: (a, b) => byName(a, b) * dir,
    tier: (a, b) => compareNullable(a.tier, b.tier, num, dir),
    team: (a, b) => compareNullable(a.ownerTeam?.name ?? null, b.ownerTeam?.name ?? null, str, dir),
    dependents: (a, b) => (a.dependentCount - b.dependentCount) * dir,
    budget: (a, b) => compareNullable(a.budgetRemaining, b.budgetRemaining, num, dir),
  };
  const compare = comparators[sort];
  return [...services].sort((a, b) => compare(a, b) || byName(a, b));
}
