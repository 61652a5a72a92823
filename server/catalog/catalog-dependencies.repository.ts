import { getPrisma } from "@/server/db/client.ts";

/**
 * The number of dependencies in the organization (DESIGN: the services a service calls),
 * counted once for home, the graph and the start-up console: distinct caller → callee
 * pairs of two services, declared or observed (a declared call the mesh also sees is one
 * dependency, not two), not gone. Callers outside the mesh (`unknown`) are traffic, not
 * dependencies, and a service calling itself is not one either.
 *
 * Read from the dependents counts the edge triggers keep ("ServiceDependentCount": each
 * service's distinct callers, the unknown caller once, itself included): their sum less the
 * services called from outside and those calling themselves. Both are index lookups, where
 * counting the pairs is a pass over every edge (~150 ms at 100,000 edges, holding the
 * embedded database that long). While a bulk write's recount is pending the counts lag the
 * edges, so then the pairs are counted.
 */
export async function countDependencies(organizationId: string): Promise<number> {
  const [row] = await getPrisma().$queryRaw<{ pending: boolean; callers: number; outside: number; itself: number }[]>`
    SELECT EXISTS (SELECT 1 FROM "DependentCountRecount" WHERE "organizationId" = ${organizationId}) AS "pending",
           (SELECT coalesce(sum("count"), 0)::int FROM "ServiceDependentCount" WHERE "organizationId" = ${organizationId}) AS "callers",
           (SELECT count(DISTINCT "calleeId")::int FROM "Edge"
             WHERE "organizationId" = ${organizationId} AND "callerId" IS NULL AND "goneAt" IS NULL) AS "outside",
           (SELECT count(DISTINCT "calleeId")::int FROM "Edge"
             WHERE "organizationId" = ${organizationId} AND "callerId" = "calleeId" AND "goneAt" IS NULL) AS "itself"`;
  if (!row || row.pending) return countDependencyPairs(organizationId);
  return Number(row.callers) - Number(row.outside) - Number(row.itself);
}

/** The same number from the edges themselves: one pass over the organization's edges. */
export async function countDependencyPairs(organizationId: string): Promise<number> {
  const rows = await getPrisma().$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS "count" FROM (
      SELECT DISTINCT "callerId", "calleeId" FROM "Edge"
       WHERE "organizationId" = ${organizationId} AND "goneAt" IS NULL AND "callerId" IS NOT NULL AND "callerId" <> "calleeId"
    ) pairs`;
  return Number(rows[0]?.count ?? 0);
}
