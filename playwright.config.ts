import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

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
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], viewport: { width: 1360, height: 900 } } }],
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
    },
  },
});
