// npm start: the embedded default. Builds the web app when its sources changed, applies
// migrations, imports the example catalog on first start (or PLUMBLINE_CATALOG on every
// start), then serves web, API and workers in this one process on PORT (3000).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import next from "next";
import { assertStartableConfig } from "@/server/config/assert-startable-config.ts";
import { childProcessEnv, getConfig } from "@/server/config/get-config.ts";
import { closeDb, getDbHandle } from "@/server/db/client.ts";
import { ensureMigrated } from "@/server/db/ensure-migrated.ts";
import { describeDatabase } from "@/server/db/database-config.ts";
import { seedCatalogOnStart } from "@/server/catalog/seed-catalog-on-start.ts";
import { prepareGateOnStart } from "@/server/gate/prepare-gate-on-start.ts";
import { ensureLocalAdmin } from "@/server/identity/ensure-local-admin.ts";
import { logger } from "@/server/logger.ts";
import { isDemoMode } from "@/server/demo/is-demo-mode.ts";
import { startWorkers } from "@/workers/start-workers.ts";
import { stopJobQueue } from "@/server/jobs/job-queue.ts";
import { startEventLoopDelayMonitor } from "@/server/health/event-loop-delay.ts";
import { computeBuildFingerprint } from "./build-fingerprint.ts";

const isDev = process.argv.includes("--dev");
type TRole = "all" | "web" | "workers";
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

function buildIfChanged(): void {
  const stampFile = path.join(".next", "plumbline-build.json");
  const fingerprint = computeBuildFingerprint();
  const previous = fs.existsSync(stampFile) ? (JSON.parse(fs.readFileSync(stampFile, "utf8")) as { fingerprint: string }) : null;
  if (previous?.fingerprint === fingerprint && fs.existsSync(path.join(".next", "BUILD_ID"))) return;
  console.log("▸ Building the web app (first start, or sources changed)…");
  const result = spawnSync(process.execPath, [require_resolve_next_bin(), "build"], {
    stdio: "inherit",
    env: childProcessEnv({ NEXT_TELEMETRY_DISABLED: "1" }),
  });
  if (result.status !== 0) {
    console.error("✖ next build failed; see the output above.");
    process.exit(1);
  }
  fs.writeFileSync(stampFile, JSON.stringify({ fingerprint, builtAt: new Date().toISOString() }));
  console.log(`  built in ${elapsed()}`);
}

function require_resolve_next_bin(): string {
  return path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");
}

function parseRole(value: string): TRole {
  if (value === "all" || value === "web" || value === "workers") return value;
  throw new Error(`--role must be web, workers or all (got "${value}")`);
}

async function main(): Promise<void> {
  // Every variable, validated before anything else happens: a mistake stops the start with
  // one line per variable (printed by the catch below, without a stack trace).
  const config = getConfig();
  assertStartableConfig(config);
  const role = parseRole(process.argv.find((a) => a.startsWith("--role="))?.slice("--role=".length) ?? config.server.role);
  const { port, host: hostname } = config.server;
  const handle = getDbHandle();
  if (role !== "all" && handle.config.kind === "pglite") {
    throw new Error("--role web|workers needs DATABASE_URL: the embedded database can only be opened by one process.");
  }
  if (role !== "workers" && !isDev) buildIfChanged();

  console.log(`▸ Database: ${describeDatabase(handle.config)}`);
  const applied = await ensureMigrated(handle);
  console.log(applied.length ? `  applied ${applied.length} migration(s)` : "  schema up to date");

  await seedCatalogOnStart((line) => console.log(`  ${line}`));
  await prepareGateOnStart((line) => console.log(`  ${line}`));
  const demo = isDemoMode();
  // console, not the logger: a generated password is printed once and must not reach log files.
  await ensureLocalAdmin((line) => console.log(`  ${line}`), { demo });

  const launchWorkers = async () => {
    const workers = await startWorkers(handle, { log: logger.child({ role: "workers" }), demo });
    console.log(`▸ Workers: ${workers.names.length ? workers.names.join(", ") : "none enabled"}${demo ? " (demo mode)" : ""}`);
    return workers;
  };
  if (role === "workers") {
    const workers = await launchWorkers();
    installShutdown(() => workers.stop());
    return;
  }

  // Benchmarks read the web process's event-loop delay (GET /api/debug/event-loop).
  if (config.debug.eventLoop) startEventLoopDelayMonitor();
  const app = next({ dev: isDev, dir: process.cwd(), hostname: "localhost", port });
  await app.prepare();
  const handler = app.getRequestHandler();
  const server = http.createServer((req, res) => {
    handler(req, res).catch((error: unknown) => {
      console.error("request failed", error);
      if (!res.headersSent) res.writeHead(500).end("Internal error");
    });
  });
  server.listen(port, hostname, () => {
    console.log(`\n✔ Plumbline is ready at http://localhost:${port} (${elapsed()})\n`);
  });

  // Workers start after the web app answers: the first page should not wait for them.
  const workers = role === "all" ? launchWorkers() : null;
  installShutdown(async () => {
    server.close();
    await (await workers)?.stop();
    // A web-only process starts the job queue on its first Slack outbox write (server/notifications/notification-jobs.ts).
    await stopJobQueue();
  });
}

function installShutdown(stop: () => Promise<void>): void {
  const shutdown = (signal: string) => {
    console.log(`\n${signal}: shutting down…`);
    setTimeout(() => process.exit(0), 8000).unref();
    stop()
      .catch(() => {})
      .then(() => closeDb())
      .catch(() => {})
      .finally(() => process.exit(0));
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(`✖ Plumbline could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
