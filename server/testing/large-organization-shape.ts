// The shape of the seeded 10,000-service organization (seed-large-organization.ts), without
// a database import, so a Playwright spec can name a service's neighbours.

export const LARGE_ORGANIZATION_SERVICES = 10_000;
export const EDGES_PER_SERVICE = 10;
export const TEAMS = 100;

/** The slugs service `svc-n` calls, as seed-large-organization.ts wires them. */
export function largeOrganizationCallees(n: number, services = LARGE_ORGANIZATION_SERVICES): string[] {
  return Array.from({ length: EDGES_PER_SERVICE }, (_, i) => `svc-${((n + (i + 1) * 997) % services) + 1}`);
}

/** The slugs of the services that call `svc-n`, as seed-large-organization.ts wires them. */
export function largeOrganizationCallers(n: number, services = LARGE_ORGANIZATION_SERVICES): string[] {
  return Array.from({ length: EDGES_PER_SERVICE }, (_, i) => {
    const caller = (((n - 1 - (i + 1) * 997) % services) + services) % services;
    return `svc-${caller === 0 ? services : caller}`;
  });
}
