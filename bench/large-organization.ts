// A 10,000-service organization for the read-path and isolation benchmarks: seeded in
// SQL (seconds, not minutes), on a fresh Postgres database or a PGlite data directory,
// and the app started on it as a separate process (web role on Postgres, as in
// production; the embedded database is one process).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { childProcessEnv, overrideConfig } from "@/server/config/get-config.ts";
import { parseConfig } from "@/server/config/parse-config.ts";
import { closeHandle, createHandle, getPrisma, migrationAdapterFor, setDbHandle } from "@/server/db/client.ts";
import { applyMigrations } from "@/server/db/migrations.ts";
import { createApiToken } from "@/server/identity/api-tokens.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { openTestDatabase } from "@/server/testing/test-databases.ts";
import { createSignedInMember } from "@/server/testing/test-accounts.ts";
import { startTestApp, TEST_AUTH_SECRET, type TTestApp } from "@/server/testing/start-test-app.ts";

export const SERVICES = 10_000;
const EDGES_PER_SERVICE = 10; // 100,000 edges
const TEAMS = 100;
/** The first start after a source change runs next build: minutes on a busy 2-core machine. */
const BUILD_TIMEOUT_MS = 20 * 60_000;

/** Same shape as bench/deploy-gate.bench.ts, plus tiers and descriptions so search and sort have something to do. */
export async function seedLargeOrganization(organizationId: string, services = SERVICES): Promise<void> {
  const prisma = getPrisma();
  await prisma.$executeRawUnsafe(
    `INSERT INTO "Team" ("id", "organizationId", "slug", "name", "updatedAt")
     SELECT gen_random_uuid()::text, $1, 'team-' || g, 'Team ' || g, now() FROM generate_series(1, ${TEAMS}) g`,
    organizationId,
  );
  await prisma.$executeRawUnsafe(
    `INSERT INTO "Service" ("id", "organizationId", "slug", "name", "description", "tier", "tags", "ownerTeamId", "updatedAt")
     SELECT gen_random_uuid()::text, $1, 'svc-' || g, 'Service ' || g,
            'Handles ' || (ARRAY['payments', 'search', 'checkout', 'inventory', 'shipping'])[g % 5 + 1] || ' for region ' || (g % 37),
            g % 3 + 1, ARRAY[(ARRAY['java', 'go', 'node'])[g % 3 + 1]],
            (SELECT "id" FROM "Team" WHERE "organizationId" = $1 AND "slug" = 'team-' || (g % ${TEAMS} + 1)), now()
     FROM generate_series(1, ${services}) g`,
    organizationId,
  );
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
  await prisma.$executeRawUnsafe("ANALYZE");
}

export interface TLargeOrganization {
  app: TTestApp;
  kind: "postgres" | "pglite";
  /** Bearer token for the API. */
  token: string;
  /** Cookie of a signed-in member, for pages. */
  cookie: string;
  seedSeconds: number;
  stop(): Promise<void>;
}

/** Seeds the organization and starts the app on it, with the event-loop probe and no rate limit in the way. */
export async function startLargeOrganization(
  kind: "postgres" | "pglite",
  extraEnv: Record<string, string> = {},
  services = SERVICES,
  start: { compiled?: boolean; nodeArgs?: string[] } = {},
): Promise<TLargeOrganization> {
  const appEnv = {
    PLUMBLINE_AUTH_SECRET: TEST_AUTH_SECRET,
    PLUMBLINE_API_RATE_LIMIT: "100000000",
    PLUMBLINE_SESSION_RATE_LIMIT: "100000000",
    PLUMBLINE_DEBUG_EVENT_LOOP: "1",
    LOG_LEVEL: "error",
    ...extraEnv,
  };
  // Sessions are signed with the app's secret: sign in here with the same one.
  overrideConfig(parseConfig(childProcessEnv({ PLUMBLINE_AUTH_SECRET: TEST_AUTH_SECRET })));
  const started = Date.now();
  if (kind === "postgres") {
    const db = await openTestDatabase("postgres");
    const { token, cookie } = await seedAndSignIn(services);
    const seedSeconds = (Date.now() - started) / 1000;
    const app = await startTestApp({ ...appEnv, DATABASE_URL: db.url ?? "", PLUMBLINE_ROLE: "web" }, { readyTimeoutMs: BUILD_TIMEOUT_MS, ...start });
    return { app, kind, token, cookie, seedSeconds, stop: async () => (await app.stop(), await db.close()) };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "plumbline-bench-pglite-"));
  const handle = createHandle({ kind: "pglite", dataDir });
  await applyMigrations(migrationAdapterFor(handle));
  setDbHandle(handle);
  const { token, cookie } = await seedAndSignIn(services);
  await closeHandle(handle);
  const seedSeconds = (Date.now() - started) / 1000;
  const app = await startTestApp({ ...appEnv, PLUMBLINE_DATA_DIR: dataDir, PLUMBLINE_DEMO: "0" }, { readyTimeoutMs: BUILD_TIMEOUT_MS, ...start });
  return { app, kind, token, cookie, seedSeconds, stop: async () => (await app.stop(), fs.rmSync(dataDir, { recursive: true, force: true })) };
}

async function seedAndSignIn(services: number): Promise<{ token: string; cookie: string }> {
  const organization = await upsertOrganization("default", "Bench");
  await seedLargeOrganization(organization.id, services);
  const { token } = await createApiToken(organization.id, "bench");
  const member = await createSignedInMember(organization.id, { role: "admin" });
  return { token, cookie: member.cookie };
}

/** The server's event-loop delay; NaN when the probe is missing (an older build) or failed. */
export async function readEventLoopDelay(appUrl: string, reset: boolean): Promise<{ maxMs: number; p99Ms: number; meanMs: number }> {
  const response = await fetch(`${appUrl}/api/debug/event-loop${reset ? "?reset=1" : ""}`).catch(() => null);
  if (!response) return { maxMs: Number.NaN, p99Ms: Number.NaN, meanMs: Number.NaN };
  // 404: a build without the probe (an older version); anything else: the server did not answer it in time.
  if (!response.ok) return { maxMs: Number.NaN, p99Ms: Number.NaN, meanMs: Number.NaN };
  return (await response.json()) as { maxMs: number; p99Ms: number; meanMs: number };
}
