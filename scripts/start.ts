// npm start: the embedded default. Builds the web app when its sources changed, applies
// migrations, imports the example catalog on first start (or PLUMBLINE_CATALOG on every
// start), then serves web, API and workers in this one process on PORT (3000).
// Production: `npm run build` compiles this file to dist/start.js (scripts/server-bundles.ts)
// and `npm run start:prod` runs that with plain node; compiled, it never builds.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import next from "next";
import { assertStartableConfig } from "@/server/config/assert-startable-config.ts";
import { childProcessEnv, getConfig } from "@/server/config/get-config.ts";
import { closeDb, getDbHandle } from "@/server/db/client.ts";
import { ensureMigrated } from "@/server/db/ensure-migrated.ts";
import { withStartupLock } from "@/server/db/advisory-lock.ts";
import { describeDatabase } from "@/server/db/database-config.ts";
import { seedCatalogOnStart } from "@/server/catalog/seed-catalog-on-start.ts";
import { prepareGateOnStart } from "@/server/gate/prepare-gate-on-start.ts";
import { ensureLocalAdmin } from "@/server/identity/ensure-local-admin.ts";
import { logger } from "@/server/logger.ts";
import { isDemoMode } from "@/server/demo/is-demo-mode.ts";
import { prepareDemoOnStart } from "@/server/demo/prepare-demo-on-start.ts";
import { stopJobQueue } from "@/server/jobs/job-queue.ts";
import { startEventLoopDelayMonitor } from "@/server/health/event-loop-delay.ts";
import { startLongTurnTrace, withLongTurnTrace } from "@/server/diagnostics/long-turn-trace.ts";
import { createAppRouteResolver } from "@/server/http/app-route-manifest.ts";
import { instrumentHttp } from "@/server/http/instrument-http.ts";
import { heavyReadAdmission, withHeavyReadAdmission } from "@/server/http/heavy-read-admission.ts";
import { installGraphExportWorkerFile } from "@/server/graph/graph-export-worker-client.ts";
import { preloadRouteModules } from "@/server/http/preload-route-modules.ts";
import { WARM_UP_PATH, warmUpRender } from "@/server/http/warm-up-render.ts";
import { heavyReadTenantOf } from "@/server/identity/heavy-read-tenant.ts";
import { startMetricsListener } from "@/server/metrics/metrics-listener.ts";
import { isSlackConfigured } from "@/server/notifications/slack-config.ts";
import { isWebBuildCurrent, writeWebBuildStamp } from "./web-build-stamp.ts";
import { serveProbes } from "./serve-probes.ts";
import { applyBackgroundThreadNice } from "@/server/runtime/apply-background-thread-nice.ts";
import { installNextSourceMapLookup, installSourceMappedStackTraces } from "@/server/runtime/source-mapped-errors.ts";

// Defined (true) by esbuild in the production bundle only; under tsx it does not exist.
declare const __PLUMBLINE_PREBUILT__: boolean | undefined;
const isPrebuilt = typeof __PLUMBLINE_PREBUILT__ !== "undefined" && __PLUMBLINE_PREBUILT__;

const isDev = process.argv.includes("--dev");
type TRole = "all" | "web" | "workers";
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

function buildIfChanged(): void {
  if (isPrebuilt) {
    // The image has build output and no sources: nothing to compare, nothing to build with.
    if (!fs.existsSync(path.join(".next", "BUILD_ID"))) throw new Error("no web build in .next: run `npm run build` first");
    return;
  }
  if (isWebBuildCurrent()) return;
  console.log("▸ Building the web app (first start, or sources changed)…");
  const result = spawnSync(process.execPath, [require_resolve_next_bin(), "build"], {
    stdio: "inherit",
    env: childProcessEnv({ NEXT_TELEMETRY_DISABLED: "1" }),
  });
  if (result.status !== 0) {
    console.error("✖ next build failed; see the output above.");
    process.exit(1);
  }
  writeWebBuildStamp();
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
  // Stack traces at our TypeScript files without --enable-source-maps (docs/adr/015).
  installSourceMappedStackTraces();
  installNextSourceMapLookup();
  // Every variable, validated before anything else happens: a mistake stops the start with
  // one line per variable (printed by the catch below, without a stack trace).
  const config = getConfig();
  assertStartableConfig(config);
  const role = parseRole(process.argv.find((a) => a.startsWith("--role="))?.slice("--role=".length) ?? config.server.role);
  const { port, host: hostname } = config.server;
  // Before the first worker thread starts (the embedded database's, in getDbHandle).
  applyBackgroundThreadNice(config.threads.backgroundNice);
  const handle = getDbHandle();
  if (role !== "all" && handle.config.kind === "pglite") {
    throw new Error("--role web|workers needs DATABASE_URL: the embedded database can only be opened by one process.");
  }
  if (role !== "workers" && !isDev) buildIfChanged();

  console.log(`▸ Database: ${describeDatabase(handle.config)}`);
  const applied = await ensureMigrated(handle);
  console.log(applied.length ? `  applied ${applied.length} migration(s)` : "  schema up to date");

  const demo = isDemoMode();
  // One process at a time (replicas starting together): the later ones find it all done.
  await withStartupLock(handle.config, async () => {
    await seedCatalogOnStart((line) => console.log(`  ${line}`));
    await prepareGateOnStart((line) => console.log(`  ${line}`));
    // console, not the logger: a generated password is printed once and must not reach log files.
    await ensureLocalAdmin((line) => console.log(`  ${line}`), { demo });
    // The demo's past and one live reading, so the first page shows judged SLOs (the web role leaves it to workers).
    if (role !== "web") await prepareDemoOnStart((line) => console.log(`  ${line}`), logger.child({ role: "workers" }));
  });

  const launchWorkers = async () => {
    // Loaded here, not at the top: a web-only process never loads the workers' modules (see scripts/server-bundles.ts).
    const { startWorkers } = await import("@/workers/start-workers.ts");
    const workers = await startWorkers(handle, { log: logger.child({ role: "workers" }), demo });
    console.log(`▸ Workers: ${workers.names.length ? workers.names.join(", ") : "none enabled"}${demo ? " (demo mode)" : ""}`);
    return workers;
  };
  const metricsPort = config.metrics.port;
  const metricsServer = metricsPort === null ? null : await startMetricsListener(metricsPort, hostname, logger);
  if (metricsServer) console.log(`▸ Metrics: http://${hostname}:${metricsPort}/metrics`);
  if (role === "workers") {
    const workers = await launchWorkers();
    // Liveness and readiness for orchestrators: the same checks as the web role's routes.
    const probes = await serveProbes(port, hostname);
    console.log(`▸ Health probes on http://${hostname}:${port}/api/health, /api/health/live and /api/health/ready`);
    installShutdown(async () => {
      probes.close();
      metricsServer?.close();
      await workers.stop();
    });
    return;
  }

  // Benchmarks read the web process's event-loop delay (GET /api/debug/event-loop).
  if (config.debug.eventLoop) startEventLoopDelayMonitor();
  // ...and prints each turn of ≥ 30 ms with the GC pauses and requests that overlapped it.
  if (config.debug.eventLoop) startLongTurnTrace();
  // The graph export's worker thread, compiled next to this file: Next's route bundle starts it from here.
  installGraphExportWorkerFile();
  // Created first and named to Next, so that Next's upgrade handler goes on this server, not on
  // the one its first request arrived on (the warm-up render's, below).
  const server = http.createServer();
  const app = next({ dev: isDev, dir: process.cwd(), hostname: "localhost", port, httpServer: server });
  await app.prepare();
  const handler = app.getRequestHandler();
  // The largest reads take turns, organization by organization (server/http/heavy-read-admission.ts): the gate never queues behind them.
  server.on(
    "request",
    instrumentHttp(withLongTurnTrace(withHeavyReadAdmission(handler, heavyReadAdmission(), heavyReadTenantOf)), {
      resolveRoute: createAppRouteResolver(),
      log: logger.child({ role: "web" }),
      // An access log where operators collect logs (the production start, web replicas); quiet under npm start.
      requestLogLevel: isPrebuilt || role === "web" ? "info" : "debug",
    }),
  );
  // Our route modules (pages, route handlers, the proxy) are instantiated before the app
  // answers, not by the first request to each: that took 90-180 ms of main-thread CPU in one
  // turn (server/http/preload-route-modules.ts). Dev mode compiles routes on demand instead.
  if (!isDev) {
    const preloadStarted = performance.now();
    const preloaded = await preloadRouteModules(path.join(process.cwd(), ".next"));
    console.log(`  route modules loaded: ${preloaded.routes} routes, ${preloaded.modules} modules${preloaded.failed.length ? `, ${preloaded.failed.length} failed (see the log)` : ""} in ${((performance.now() - preloadStarted) / 1000).toFixed(1)} s`);
    for (const { route, message } of preloaded.failed) logger.warn({ route, err: message }, "route module did not load at start; its first request will load it");
    // Bolt is not among them (the Slack route and workers import it where Slack is set up): set
    // up, it is loaded here too, not in the turn of the first Slack request or worker start.
    if (isSlackConfigured(config.slack)) await import("@slack/bolt");
    // ...and the renderers' code compiled by one anonymous page render (server/http/warm-up-render.ts).
    const warmUp = await warmUpRender(handler);
    if (warmUp.status === 200) console.log(`  renderer warmed up: GET ${WARM_UP_PATH} in ${(warmUp.ms / 1000).toFixed(1)} s`);
    else logger.warn({ path: WARM_UP_PATH, status: warmUp.status, err: warmUp.error }, "the warm-up render failed; the first page render compiles the renderers instead");
  }
  // npm start (role all): the workers' modules are evaluated before the app answers, and the
  // workers start after it. Evaluated after "ready", they held the loop 90-160 ms at a time in the
  // first second of traffic on the embedded database (memory-soak bench, idle phase).
  if (role === "all") await import("@/workers/start-workers.ts");
  server.listen(port, hostname, () => {
    console.log(`\n✔ Plumbline is ready at http://localhost:${port} (${elapsed()})\n`);
  });

  // Workers start after the web app answers: the first page should not wait for them.
  const workers = role === "all" ? launchWorkers() : null;
  installShutdown(async () => {
    server.close();
    metricsServer?.close();
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
