// A 10,000-service organization for the read-path and isolation benchmarks: seeded in
// SQL (server/testing/seed-large-organization.ts), on a fresh Postgres database or a PGlite data directory,
// and the app started on it as a separate process (web role on Postgres, as in
// production; the embedded database is one process).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { childProcessEnv, overrideConfig } from "@/server/config/get-config.ts";
import { parseConfig } from "@/server/config/parse-config.ts";
import { closeHandle, createHandle, migrationAdapterFor, setDbHandle } from "@/server/db/client.ts";
import { applyMigrations } from "@/server/db/migrations.ts";
import { createApiToken } from "@/server/identity/api-tokens.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { openTestDatabase } from "@/server/testing/test-databases.ts";
import { createSignedInMember } from "@/server/testing/test-accounts.ts";
import { startTestApp, TEST_AUTH_SECRET, type TTestApp } from "@/server/testing/start-test-app.ts";
import { LARGE_ORGANIZATION_SERVICES, seedLargeOrganization } from "@/server/testing/seed-large-organization.ts";

export const SERVICES = LARGE_ORGANIZATION_SERVICES;
/** The first start after a source change runs next build: minutes on a busy 2-core machine. */
const BUILD_TIMEOUT_MS = 20 * 60_000;

export interface TLargeOrganization {
  app: TTestApp;
  kind: "postgres" | "pglite";
  /** Bearer token for the API. */
  token: string;
  /** Cookie of a signed-in member, for pages. */
  cookie: string;
  seedSeconds: number;
  /** Postgres only: one more web process on the same database, as started above (a second Deployment). */
  startAnotherWeb(): Promise<TTestApp>;
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
    const webEnv = { ...appEnv, DATABASE_URL: db.url ?? "", PLUMBLINE_ROLE: "web" };
    const app = await startTestApp(webEnv, { readyTimeoutMs: BUILD_TIMEOUT_MS, ...start });
    const others: TTestApp[] = [];
    const startAnotherWeb = async () => {
      const other = await startTestApp(webEnv, { readyTimeoutMs: BUILD_TIMEOUT_MS, ...start });
      others.push(other);
      return other;
    };
    const stop = async () => {
      for (const other of others) await other.stop();
      await app.stop();
      await db.close();
    };
    return { app, kind, token, cookie, seedSeconds, startAnotherWeb, stop };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "plumbline-bench-pglite-"));
  const handle = createHandle({ kind: "pglite", dataDir });
  await applyMigrations(migrationAdapterFor(handle));
  setDbHandle(handle);
  const { token, cookie } = await seedAndSignIn(services);
  await closeHandle(handle);
  const seedSeconds = (Date.now() - started) / 1000;
  const app = await startTestApp({ ...appEnv, PLUMBLINE_DATA_DIR: dataDir, PLUMBLINE_DEMO: "0" }, { readyTimeoutMs: BUILD_TIMEOUT_MS, ...start });
  const startAnotherWeb = () => Promise.reject(new Error("the embedded database is one process: no second web process on PGlite"));
  return { app, kind, token, cookie, seedSeconds, startAnotherWeb, stop: async () => (await app.stop(), fs.rmSync(dataDir, { recursive: true, force: true })) };
}

async function seedAndSignIn(services: number): Promise<{ token: string; cookie: string }> {
  const organization = await upsertOrganization("default", "Bench");
  await seedLargeOrganization(organization.id, services);
  const { token } = await createApiToken(organization.id, "bench");
  const member = await createSignedInMember(organization.id, { role: "admin" });
  return { token, cookie: member.cookie };
}

/** The server's event-loop delay; NaN when the probe is missing (an older build) or failed. */
export interface TEventLoopReading {
  maxMs: number;
  p99Ms: number;
  meanMs: number;
  /** The most CPU the server used in one turn of its loop, and its turns of ≥ 50 ms wall clock / CPU (older builds: undefined). */
  maxStretchCpuMs?: number;
  longStretches?: number;
  longCpuStretches?: number;
}

export async function readEventLoopDelay(appUrl: string, reset: boolean): Promise<TEventLoopReading> {
  const missing = { maxMs: Number.NaN, p99Ms: Number.NaN, meanMs: Number.NaN };
  const response = await fetch(`${appUrl}/api/debug/event-loop${reset ? "?reset=1" : ""}`).catch(() => null);
  if (!response) return missing;
  // 404: a build without the probe (an older version); anything else: the server did not answer it in time.
  if (!response.ok) return missing;
  return (await response.json()) as TEventLoopReading;
}
