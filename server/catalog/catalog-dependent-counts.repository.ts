import { getPrisma } from "@/server/db/client.ts";
import { textArrayLiteral } from "@/server/db/pg-array-literal.ts";

// "ServiceDependentCount" (one row per service) is kept by triggers on "Service" and "Edge"
// (migrations 20261205063658_service_dependent_count, 20261205213750_service_dependent_count_table).
// A write they did not recount at once left a mark: a service whose count another
// transaction held (another edge write's recount), or the whole organization after
// a statement that changed the callers of hundreds of services (an import's chunk, a
// first mesh round). Whoever writes edges in bulk settles the marks when done.

/**
 * Recounts what the marks of the organization ask for, then drops those marks (by id:
 * a mark committed meanwhile stays for the next settle). A service still held by another
 * transaction is marked again rather than waited for. Returns the services whose count
 * changed.
 */
export async function settleDependentCounts(organizationId: string): Promise<number> {
  const prisma = getPrisma();
  const marks = await prisma.$queryRaw<{ id: string; serviceId: string | null }[]>`
    SELECT "id"::text AS "id", "serviceId" FROM "DependentCountRecount" WHERE "organizationId" = ${organizationId}`;
  if (marks.length === 0) return 0;
  const wholeOrganization = marks.some((mark) => mark.serviceId === null);
  const serviceIds = wholeOrganization ? null : textArrayLiteral([...new Set(marks.map((mark) => mark.serviceId ?? ""))]);
  const [recounted] = await prisma.$queryRaw<{ changed: number }[]>`
    SELECT "plumbline_recount_dependents"(${organizationId}, ${serviceIds}::text[]) AS "changed"`;
  await prisma.$executeRaw`
    DELETE FROM "DependentCountRecount" WHERE "organizationId" = ${organizationId}
       AND "id" = ANY(${textArrayLiteral(marks.map((mark) => mark.id))}::bigint[])`;
  return Number(recounted?.changed ?? 0);
}
