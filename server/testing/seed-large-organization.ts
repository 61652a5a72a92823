// A 10,000-service organization for the benches (bench/) and the scale e2e spec
// (e2e/scale-10k.spec.ts): 100 teams, every service calling 10 others (100,000 mesh edges,
// so every service has about 10 callers), and an SLO on about a third of them. Seeded in
// a handful of bulk SQL statements: seconds where ORM inserts would be minutes.
import { getPrisma } from "@/server/db/client.ts";
import { settleDependentCounts } from "@/server/catalog/catalog-dependent-counts.repository.ts";
import { EDGES_PER_SERVICE, LARGE_ORGANIZATION_SERVICES, TEAMS } from "./large-organization-shape.ts";

export { LARGE_ORGANIZATION_SERVICES } from "./large-organization-shape.ts";

/**
 * Services are `svc-1` … `svc-N` named `Service 1` … `Service N` in teams `team-1` … `team-100`
 * (service g in team g % 100 + 1; `teams` changes the 100, for the team view's bench), with tiers, tags and descriptions so search and sort have
 * something to do; service n calls services (n + k·997) mod N + 1 for k = 1…10.
 */
export async function seedLargeOrganization(organizationId: string, services = LARGE_ORGANIZATION_SERVICES, teams = TEAMS): Promise<void> {
  const prisma = getPrisma();
  await prisma.$executeRawUnsafe(
    `INSERT INTO "Team" ("id", "organizationId", "slug", "name", "updatedAt")
     SELECT gen_random_uuid()::text, $1, 'team-' || g, 'Team ' || g, now() FROM generate_series(1, ${teams}) g`,
    organizationId,
  );
  await prisma.$executeRawUnsafe(
    `INSERT INTO "Service" ("id", "organizationId", "slug", "name", "description", "tier", "tags", "ownerTeamId", "updatedAt")
     SELECT gen_random_uuid()::text, $1, 'svc-' || g, 'Service ' || g,
            'Handles ' || (ARRAY['payments', 'search', 'checkout', 'inventory', 'shipping'])[g % 5 + 1] || ' for region ' || (g % 37),
            g % 3 + 1, ARRAY[(ARRAY['java', 'go', 'node'])[g % 3 + 1]],
            (SELECT "id" FROM "Team" WHERE "organizationId" = $1 AND "slug" = 'team-' || (g % ${teams} + 1)), now()
     FROM generate_series(1, ${services}) g`,
    organizationId,
  );
  // One statement per k: batches of N edges.
  for (let k = 1; k <= EDGES_PER_SERVICE; k++) {
    await prisma.$executeRawUnsafe(
      `WITH s AS (SELECT "id", substring("slug" from 5)::int AS n FROM "Service" WHERE "organizationId" = $1)
       INSERT INTO "Edge" ("id", "organizationId", "key", "callerId", "calleeId", "source", "requestRate", "successRatio", "lastSeenAt", "updatedAt")
       SELECT gen_random_uuid()::text, $1, 'mesh:svc-' || c.n || '->svc-' || t.n, c."id", t."id", 'mesh',
              round((random() * 100)::numeric, 2)::float8, 0.99, now(), now()
       FROM s c JOIN s t ON t.n = ((c.n + ${k} * 997) % ${services}) + 1`,
      organizationId,
    );
  }
  // Mostly healthy, some at risk, breached or without data.
  await prisma.$executeRawUnsafe(
    `INSERT INTO "Slo" ("id", "organizationId", "serviceId", "name", "kind", "objective", "status", "isOutOfSlo", "budgetRemaining", "burnRates", "evaluatedAt", "updatedAt")
     SELECT gen_random_uuid()::text, $1, s."id", 'availability', 'availability', 99.9,
            (CASE WHEN r < 0.80 THEN 'healthy' WHEN r < 0.90 THEN 'at_risk' WHEN r < 0.95 THEN 'breached' ELSE 'no_data' END)::"SloStatus",
            r >= 0.90 AND r < 0.95, CASE WHEN r >= 0.95 THEN NULL ELSE round((1 - r * 1.05)::numeric, 3)::float8 END,
            jsonb_build_object('1h', round((r * 20)::numeric, 2), '6h', round((r * 8)::numeric, 2)), now(), now()
     FROM (SELECT "id", random() AS r FROM "Service" WHERE "organizationId" = $1) s
     WHERE random() < 0.33`,
    organizationId,
  );
  // Each edge statement changed the callers of every service: the triggers left the counts to one recount.
  await settleDependentCounts(organizationId);
  // Fresh statistics, so the first queries plan for 100,000 edges rather than an empty table.
  await prisma.$executeRawUnsafe("ANALYZE");
}
