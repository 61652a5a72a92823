import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD, E2E_ADMIN_STATE } from "@/e2e/e2e-accounts.ts";

const port = Number(process.env.E2E_PORT ?? 3210);
// A fresh embedded database per run, so the app seeds the example catalog as on a
// newcomer's first `npm start`.
const dataDir = process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), `plumbline-e2e-${process.pid}-${Date.now()}`);

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e-artifacts",
  fullyParallel: false,
  workers: 1,
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
      use: { ...devices["Desktop Chrome"], viewport: { width: 1360, height: 900 }, storageState: E2E_ADMIN_STATE },
    },
  ],
  webServer: {
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
});
