import { getPrisma } from "@/server/db/client.ts";

/**
 * The number of dependencies in the organization (DESIGN: the services a service calls),
 * counted once for home, the graph and the start-up console: distinct caller → callee
 * pairs of two services, declared or observed (a declared call the mesh also sees is one
 * dependency, not two), not gone. Callers outside the mesh (`unknown`) are traffic, not
 * dependencies, and a service calling itself is not one either.
 */
export async function countDependencies(organizationId: string): Promise<number> {
  const rows = await getPrisma().$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS "count" FROM (
      SELECT DISTINCT "callerId", "calleeId" FROM "Edge"
       WHERE "organizationId" = ${organizationId} AND "goneAt" IS NULL AND "callerId" IS NOT NULL AND "callerId" <> "calleeId"
    ) pairs`;
  return Number(rows[0]?.count ?? 0);
}
