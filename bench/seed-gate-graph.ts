// The organization the gate benches decide in: 10,000 services in 100 teams, every
// service calling 10 others (100,000 mesh edges, so every service has about 10 callers),
// and an SLO on a third of them. Seeded in SQL: seconds where ORM inserts would be minutes.
import { getPrisma } from "@/server/db/client.ts";

export const SERVICES = 10_000;
const EDGES_PER_SERVICE = 10; // 100,000 edges
const TEAMS = 100;

export async function seedGateGraph(organizationId: string): Promise<void> {
  const prisma = getPrisma();
  await prisma.$executeRawUnsafe(
    `INSERT INTO "Team" ("id", "organizationId", "slug", "name", "updatedAt")
     SELECT gen_random_uuid()::text, $1, 'team-' || g, 'Team ' || g, now() FROM generate_series(1, ${TEAMS}) g`,
    organizationId,
  );
  await prisma.$executeRawUnsafe(
    `INSERT INTO "Service" ("id", "organizationId", "slug", "name", "ownerTeamId", "updatedAt")
     SELECT gen_random_uuid()::text, $1, 'svc-' || g, 'Service ' || g,
            (SELECT "id" FROM "Team" WHERE "organizationId" = $1 AND "slug" = 'team-' || (g % ${TEAMS} + 1)), now()
     FROM generate_series(1, ${SERVICES}) g`,
    organizationId,
  );
  // Every service calls 10 others (so every service has about 10 callers): batches of 10,000 edges.
  for (let k = 1; k <= EDGES_PER_SERVICE; k++) {
    await prisma.$executeRawUnsafe(
      `WITH s AS (SELECT "id", substring("slug" from 5)::int AS n FROM "Service" WHERE "organizationId" = $1)
       INSERT INTO "Edge" ("id", "organizationId", "key", "callerId", "calleeId", "source", "requestRate", "lastSeenAt", "updatedAt")
       SELECT gen_random_uuid()::text, $1, 'mesh:svc-' || c.n || '->svc-' || t.n, c."id", t."id", 'mesh', round((random() * 100)::numeric, 2)::float8, now(), now()
       FROM s c JOIN s t ON t.n = ((c.n + ${k} * 997) % ${SERVICES}) + 1`,
      organizationId,
    );
  }
  // A third of the services have an SLO: mostly healthy, some at risk, breached or without data.
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
}

