// Deploy-gate benchmark: decisions per second and latency of POST /api/v1/deploy-requests
// against a graph of 10,000 services and 100,000 edges, next to a trivial route
// (/api/health) measured in the same run on the same server.
//
//   bash -c 'source scripts/test-services/postgres.sh && start_test_postgres && \
//            trap stop_test_postgres EXIT && npx tsx bench/deploy-gate.bench.ts'
//
// Needs TEST_DATABASE_URL (a throwaway Postgres; a fresh database is created on it).
// BENCH_SECONDS (default 15) and BENCH_CONNECTIONS (default 10) tune the load.
import os from "node:os";
import autocannon from "autocannon";
import { getPrisma } from "@/server/db/client.ts";
import { savePolicyDocument } from "@/server/gate/save-policy-document.ts";
import { openTestDatabase } from "@/server/testing/test-databases.ts";
import { startTestApp, TEST_AUTH_SECRET } from "@/server/testing/start-test-app.ts";
import { getConfig } from "@/server/config/get-config.ts";
import { createApiToken } from "@/server/identity/api-tokens.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";

const SERVICES = 10_000;
const EDGES_PER_SERVICE = 10; // 100,000 edges
const TEAMS = 100;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

async function seedGraph(organizationId: string): Promise<void> {
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

async function measure(title: string, options: Parameters<typeof autocannon>[0]) {
  const result = await autocannon({ connections: CONNECTIONS, duration: SECONDS, ...options });
  const ok = result["2xx"];
  return {
    title,
    perSecond: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    failed: result.non2xx + result.errors + result.timeouts,
    statuses: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, stats]) => [code, stats.count])),
  };
}

function deployRequests(token: string) {
  let n = 0;
  return [
    {
      method: "POST",
      path: "/api/v1/deploy-requests",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      setupRequest: (request: { body?: string }) => {
        n += 1;
        // A different service each time, spread over the graph, so no cache helps.
        const service = `svc-${((n * 7919) % SERVICES) + 1}`;
        return { ...request, body: JSON.stringify({ service, environment: "production", version: `1.0.${n}`, requestedBy: "bench" }) };
      },
    },
  ];
}

async function main(): Promise<void> {
  if (!getConfig().testing.databaseUrl) throw new Error("Set TEST_DATABASE_URL (see the header of this file).");
  const db = await openTestDatabase("postgres");
  let stopApp = async () => {};
  try {
    const organization = await upsertOrganization("default", "Bench");
    const started = Date.now();
    await seedGraph(organization.id);
    const prisma = getPrisma();
    const [services, edges, slos] = await Promise.all([
      prisma.service.count({ where: { organizationId: organization.id } }),
      prisma.edge.count({ where: { organizationId: organization.id } }),
      prisma.slo.count({ where: { organizationId: organization.id } }),
    ]);
    await prisma.$executeRawUnsafe("ANALYZE");
    console.log(`Seeded ${services} services, ${edges} edges, ${slos} SLOs in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const { token } = await createApiToken(organization.id, "bench");

    // Web only, as in production (workers run elsewhere): the SLO worker evaluating 3,300 SLOs must not share the CPU.
    const app = await startTestApp({ DATABASE_URL: db.url ?? "", PLUMBLINE_AUTH_SECRET: TEST_AUTH_SECRET, PLUMBLINE_ROLE: "web", PLUMBLINE_API_RATE_LIMIT: "100000000", LOG_LEVEL: "error" });
    stopApp = app.stop;
    console.log(`App on ${app.url}; ${CONNECTIONS} connections, ${SECONDS} s per run, ${os.cpus().length} CPUs\n`);

    // Warm up: Next compiles route bundles lazily and Prisma opens its pool on first use.
    await autocannon({ url: app.url, connections: 2, duration: 2, requests: deployRequests(token) });
    await autocannon({ url: `${app.url}/api/health`, connections: 2, duration: 1 });

    const health = await measure("GET /api/health (trivial route)", { url: `${app.url}/api/health` });
    const depth1 = await measure("POST /api/v1/deploy-requests, default policy (depth 1)", { url: app.url, requests: deployRequests(token) });
    const saved = await savePolicyDocument(
      organization.id,
      "rules:\n  - name: dependents-out-of-slo\n    type: dependents_out_of_slo\n    depth: 3\n  - name: own-budget-exhausted\n    type: own_budget_exhausted\n",
      { source: "ui", actor: "bench" },
    );
    if (!saved.ok) throw new Error("bench policy invalid");
    const depth3 = await measure("POST /api/v1/deploy-requests, dependents to depth 3", { url: app.url, requests: deployRequests(token) });

    const outcomes = await prisma.deployRequest.groupBy({ by: ["status"], where: { organizationId: organization.id }, _count: true });
    console.log("| run | ok/s | p50 ms | p99 ms | ok | failed | statuses |");
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
    for (const run of [health, depth1, depth3]) {
      console.log(`| ${run.title} | ${run.perSecond.toFixed(1)} | ${run.p50} | ${run.p99} | ${run.ok} | ${run.failed} | ${JSON.stringify(run.statuses)} |`);
    }
    console.log(
      `\nDecisions per second vs the trivial route: depth 1 = ${((depth1.perSecond / health.perSecond) * 100).toFixed(1)} % ` +
        `(${(health.perSecond / depth1.perSecond).toFixed(1)}× slower), depth 3 = ${((depth3.perSecond / health.perSecond) * 100).toFixed(1)} % ` +
        `(${(health.perSecond / depth3.perSecond).toFixed(1)}× slower).`,
    );
    console.log(`Decisions written: ${outcomes.map((row) => `${row.status} ${row._count}`).join(", ")}`);
  } finally {
    await stopApp();
    await db.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
