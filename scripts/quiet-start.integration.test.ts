import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TTestApp } from "@/server/testing/start-test-app.ts";
import { waitFor } from "@/server/testing/wait-for.ts";

// `npm start` as a newcomer runs it: a fresh embedded database, the demo, the default
// log settings (LOG_FORMAT=file, LOG_LEVEL=info). The console must hold only the
// human-readable start-up lines; the structured logs go to the log file.
describe("npm start's console on a fresh demo", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plumbline-quiet-start-"));
  const logFile = path.join(dir, "logs", "plumbline.log");
  let app: TTestApp;

  beforeAll(async () => {
    app = await startTestApp({
      PLUMBLINE_DEMO: "1",
      PLUMBLINE_DATA_DIR: path.join(dir, "pglite"),
      PLUMBLINE_ADMIN_PASSWORD: "quiet-start-password",
      LOG_FORMAT: "file",
      LOG_FILE: logFile,
      LOG_LEVEL: "info",
    }, { readyTimeoutMs: 900_000 });
  }, 900_000);
  afterAll(async () => {
    await app?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("prints start-up lines only: no JSON, no warnings, the demo's history; the logs are in the file", async () => {
    // The workers have run and logged (the mesh and SLO workers write info lines each round).
    await waitFor("the workers to log into the file", () => fs.existsSync(logFile) && fs.readFileSync(logFile, "utf8").includes('"SLOs evaluated"'), {
      timeoutMs: 120_000,
      intervalMs: 250,
      detail: () => app.output(),
    });
    const lines = app
      .output()
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "");
    const detail = app.output();
    expect(lines.filter((line) => line.startsWith("{")), detail).toEqual([]);
    expect(lines.filter((line) => /warn|Base URL|banana|EBADENGINE|deprecat/i.test(line)), detail).toEqual([]);
    expect(detail).toContain("✔ Plumbline is ready at");
    expect(detail).toMatch(/demo: 28 days of history for \d+ SLOs \([\d,]+ snapshots, \d+ status changes\) in [\d.]+ s/);
    expect(detail).toMatch(/demo: \d+ dependencies; SLOs \d+ healthy, \d+ at risk, \d+ breached \(out of SLO\), 0 no data/);

    const logged = fs.readFileSync(logFile, "utf8").trim().split("\n");
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.every((line) => typeof (JSON.parse(line) as { level?: unknown }).level === "number")).toBe(true);
    // better-auth's "Base URL is not set" is expected without PLUMBLINE_PUBLIC_URL (server/identity/auth.ts): debug, not in an info log.
    expect(logged.filter((line) => line.includes("Base URL is not set"))).toEqual([]);
  }, 180_000);
});
