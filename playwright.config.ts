import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD, E2E_ADMIN_STATE, E2E_SCALE_ADMIN_EMAIL, E2E_SCALE_ADMIN_PASSWORD } from "@/e2e/e2e-accounts.ts";

const port = Number(process.env.E2E_PORT ?? 3210);
// A fresh embedded database per run, so the app seeds the example catalog as on a
// newcomer's first `npm start`.
const dataDir = process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), `plumbline-e2e-${process.pid}-${Date.now()}`);
// The 10,000-service organization's app (project `scale`): a second server on Postgres.
const scalePort = Number(process.env.E2E_SCALE_PORT ?? port + 1);
const scaleBaseUrl = `http://localhost:${scalePort}`;
// It needs the test Postgres; without it the server is not started and e2e/scale-10k.spec.ts fails saying so.
const hasTestPostgres = Boolean(process.env.TEST_DATABASE_URL);
// accessibility.spec.ts's "a 390 px phone" tests (every page at phone width): the second lane runs them.
const PHONE_PASS = /a 390 px phone/;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e-artifacts",
  fullyParallel: false,
  // Two lanes: the specs on the demo app one after another (they share its database), and beside
  // them the specs that mostly wait on the app's clocks (slo-fault: a minute of simulated burn),
  // run on an app of their own (scale), or only read the demo app (accessibility's phone pass).
  // Each project is capped at one worker below.
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // Debian's Chromium: Playwright's own browser download cannot work offline.
      executablePath: process.env.PLAYWRIGHT_CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    // Signs in once as the local admin; the specs reuse its cookies (storageState).
    { name: "setup", testMatch: /auth\.setup\.ts/, use: { ...devices["Desktop Chrome"] } },
    {
      name: "chromium",
      dependencies: ["setup"],
      testIgnore: [/scale-10k\.spec\.ts/, /slo-fault\.spec\.ts/],
      // In the second lane (chromium-waits), which otherwise idles for four of the run's six minutes.
      grepInvert: PHONE_PASS,
      workers: 1,
      use: { ...devices["Desktop Chrome"], viewport: { width: 1360, height: 900 }, storageState: E2E_ADMIN_STATE },
    },
    // The demo app too, in the second lane: it waits about a minute for the mesh and SLO workers
    // while the specs above run. Its fault is on web-frontend, which no other spec depends on
    // (graph.spec.ts's fault is on search-indexer and cleared per service). Then accessibility's
    // phone pass (~90 s): it only reads pages, so it can run beside the specs that write, as
    // accessibility.spec.ts always ran beside slo-fault's fault.
    {
      name: "chromium-waits",
      dependencies: ["setup"],
      testMatch: [/slo-fault\.spec\.ts/, /accessibility\.spec\.ts/],
      grep: [/slo-fault\.spec\.ts/, PHONE_PASS],
      workers: 1,
      use: { ...devices["Desktop Chrome"], viewport: { width: 1360, height: 900 }, storageState: E2E_ADMIN_STATE },
    },
    // Its own app, account and sign-in (cookies on localhost are shared across ports, so no storageState).
    {
      name: "scale",
      testMatch: /scale-10k\.spec\.ts/,
      workers: 1,
      use: { ...devices["Desktop Chrome"], viewport: { width: 1360, height: 900 }, baseURL: scaleBaseUrl },
    },
  ],
  webServer: [
    {
      command: "node --import tsx scripts/start.ts",
      url: `http://localhost:${port}/api/health`,
      timeout: 240_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        PORT: String(port),
        PLUMBLINE_DATA_DIR: dataDir,
        NEXT_TELEMETRY_DISABLED: "1",
        DATABASE_URL: "",
        // The newcomer's demo, with simulated time 60× faster so a fault burns in a minute.
        PLUMBLINE_DEMO: "1",
        PLUMBLINE_DEMO_SPEED: "60",
        // The local admin the specs sign in as; an owner of the teams the specs approve for and edit SLOs of.
        PLUMBLINE_ADMIN_EMAIL: E2E_ADMIN_EMAIL,
        PLUMBLINE_ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
        PLUMBLINE_ADMIN_TEAMS: "checkout,payments,search",
      },
    },
    ...(hasTestPostgres
      ? [
          {
            name: "scale",
            // Seeds 10,000 services, 100,000 edges and ~3,300 SLOs in a scratch database, then starts the app on it.
            command: "node --import tsx e2e/serve-scale-organization.ts",
            url: `${scaleBaseUrl}/api/health`,
            timeout: 240_000,
            reuseExistingServer: false,
            stdout: "pipe" as const,
            stderr: "pipe" as const,
            // Time to stop the app and drop its database.
            gracefulShutdown: { signal: "SIGTERM" as const, timeout: 20_000 },
            env: {
              PORT: String(scalePort),
              NEXT_TELEMETRY_DISABLED: "1",
              PLUMBLINE_DEMO: "0",
              PLUMBLINE_AUTH_SECRET: "plumbline-e2e-scale-auth-secret-not-for-production",
              PLUMBLINE_ADMIN_EMAIL: E2E_SCALE_ADMIN_EMAIL,
              PLUMBLINE_ADMIN_PASSWORD: E2E_SCALE_ADMIN_PASSWORD,
              LOG_LEVEL: "warn",
            },
          },
        ]
      : []),
  ],
});
