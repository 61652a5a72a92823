// Read-path benchmark at 10,000 services / 100,000 edges / ~3,300 SLOs: every catalog
// and graph read a person or a script makes, each measured (a) alone: first byte, full
// answer and size, median of a few sequential requests, and (b) under load: autocannon
// with BENCH_CONNECTIONS connections from this process (the app is a separate process),
// while one more connection loads GET /api/health in the same run, so each row shows
// what the read costs everyone else. Prints one summary table.
//
//   bash -c 'source scripts/test-services/postgres.sh && start_test_postgres && \
//            trap stop_test_postgres EXIT && npx tsx bench/read-path.bench.ts'
//
// BENCH_DB=postgres (default; needs TEST_DATABASE_URL) or pglite. BENCH_SECONDS (default
// 10) and BENCH_CONNECTIONS (default 10) tune the load; BENCH_ALONE_SAMPLES (default 5)
// the sequential requests per row; BENCH_ONLY (text) keeps the rows whose title contains it.
import os from "node:os";
import autocannon from "autocannon";
import { readEventLoopDelay, SERVICES, startLargeOrganization } from "./large-organization.ts";
import { processGroupCpuSeconds } from "./process-group-cpu.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const KIND = process.env.BENCH_DB === "pglite" ? "pglite" : "postgres";
const ALONE_SAMPLES = Number(process.env.BENCH_ALONE_SAMPLES ?? 5);
const ONLY = process.env.BENCH_ONLY ?? "";

interface TTarget {
  title: string;
  path: string;
  auth: "token" | "cookie";
}

interface TAlone {
  firstByteMs: number;
  totalMs: number;
  bytes: number;
  status: number;
}

async function once(url: string, headers: Record<string, string>): Promise<TAlone> {
  const started = performance.now();
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(180_000) });
  const firstByteMs = performance.now() - started;
  const bytes = (await response.arrayBuffer()).byteLength;
  return { firstByteMs, totalMs: performance.now() - started, bytes, status: response.status };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function alone(url: string, headers: Record<string, string>): Promise<TAlone> {
  const runs: TAlone[] = [];
  for (let i = 0; i < ALONE_SAMPLES; i++) {
    // An answer that takes minutes (the unbounded reads of older versions) is a row, not a crash.
    runs.push(await once(url, headers).catch(() => ({ firstByteMs: NaN, totalMs: NaN, bytes: NaN, status: 0 })));
  }
  return {
    firstByteMs: median(runs.map((r) => r.firstByteMs)),
    totalMs: median(runs.map((r) => r.totalMs)),
    bytes: median(runs.map((r) => r.bytes)),
    status: runs.at(-1)?.status ?? 0,
  };
}

async function underLoad(appUrl: string, target: TTarget, headers: Record<string, string>) {
  const [load, health] = await Promise.all([
    autocannon({ url: `${appUrl}${target.path}`, connections: CONNECTIONS, duration: SECONDS, headers, timeout: 30 }),
    autocannon({ url: `${appUrl}/api/health`, connections: 1, duration: SECONDS, timeout: 30 }),
  ]);
  return { load, health };
}

async function main(): Promise<void> {
  const org = await startLargeOrganization(KIND);
  try {
    console.log(`Seeded ${SERVICES} services on ${KIND} in ${org.seedSeconds.toFixed(1)} s; app on ${org.app.url}; ${os.cpus().length} CPUs`);
    const apiHeaders = { authorization: `Bearer ${org.token}` };
    const pageHeaders = { cookie: org.cookie };
    const headersFor = (t: TTarget) => (t.auth === "token" ? apiHeaders : pageHeaders);

    // A cursor three pages in, for the "next page" row.
    let cursorPath = "/api/v1/services";
    for (let page = 0; page < 3; page++) {
      const body = (await (await fetch(`${org.app.url}${cursorPath}`, { headers: apiHeaders })).json()) as { nextCursor?: string | null };
      if (!body.nextCursor) break;
      cursorPath = `/api/v1/services?cursor=${encodeURIComponent(body.nextCursor)}`;
    }

    const allTargets: TTarget[] = [
      { title: "GET /api/v1/services (first page)", path: "/api/v1/services", auth: "token" },
      { title: "GET /api/v1/services, 4th page (cursor)", path: cursorPath, auth: "token" },
      { title: "GET /api/v1/services?q=checkout&sort=dependents", path: "/api/v1/services?q=checkout&sort=dependents&order=desc", auth: "token" },
      { title: "GET /api/v1/services?q=svc-4242 (search)", path: "/api/v1/services?q=svc-4242", auth: "token" },
      { title: "/services page", path: "/services", auth: "cookie" },
      { title: "/services?q=svc-42 page", path: "/services?q=svc-42", auth: "cookie" },
      { title: "/services/svc-42 page", path: "/services/svc-42", auth: "cookie" },
      { title: "/teams page", path: "/teams", auth: "cookie" },
      { title: "GET /api/v1/graph (default view)", path: "/api/v1/graph", auth: "token" },
      { title: "GET /api/v1/graph?focus=svc-42&depth=2", path: "/api/v1/graph?focus=svc-42&depth=2", auth: "token" },
      { title: "/graph page", path: "/graph", auth: "cookie" },
      { title: "/graph?focus=svc-42 page", path: "/graph?focus=svc-42", auth: "cookie" },
      { title: "GET /api/v1/graph/export (NDJSON)", path: "/api/v1/graph/export", auth: "token" },
    ];
    const targets = allTargets.filter((target) => target.title.includes(ONLY));

    // Warm up: Next compiles route bundles lazily and Prisma opens its pool on first use.
    for (const target of targets) await once(`${org.app.url}${target.path}`, headersFor(target)).catch(() => undefined);
    const idleHealth = await autocannon({ url: `${org.app.url}/api/health`, connections: 1, duration: SECONDS });

    const rows: string[] = [];
    for (const target of targets) {
      const a = await alone(`${org.app.url}${target.path}`, headersFor(target));
      await readEventLoopDelay(org.app.url, true);
      // The machine is shared: the app's CPU per request and the load average say how noisy the row is.
      const cpuBefore = processGroupCpuSeconds(org.app.pid);
      const { load, health } = await underLoad(org.app.url, target, headersFor(target));
      const appCpuMsPerRequest = ((processGroupCpuSeconds(org.app.pid) - cpuBefore) * 1000) / Math.max(1, load.requests.total + health.requests.total);
      const loadAverage = os.loadavg().map((l) => l.toFixed(1)).join(" ");
      const loop = await readEventLoopDelay(org.app.url, false);
      const failed = load.non2xx + load.errors + load.timeouts;
      rows.push(
        `| ${target.title} | ${a.status} | ${(a.bytes / 1024).toFixed(1)} | ${a.firstByteMs.toFixed(0)} | ${a.totalMs.toFixed(0)} | ` +
          `${(load["2xx"] / load.duration).toFixed(1)} | ${load.latency.p50} | ${load.latency.p99} | ${failed} | ` +
          `${(health["2xx"] / health.duration).toFixed(0)} | ${health.latency.p50} | ${health.latency.p99} | ${health.non2xx + health.errors + health.timeouts} | ${loop.maxMs} | ` +
          `${appCpuMsPerRequest.toFixed(1)} | ${loadAverage} |`,
      );
      // Each row as soon as measured: a run cut short still leaves its rows.
      console.log(`row: ${rows.at(-1) ?? ""}`);
    }
    console.log(
      `\nRead path on ${KIND}, ${SERVICES} services; under load = ${CONNECTIONS} connections for ${SECONDS} s, health = 1 connection in the same run.` +
        `\nIdle health (1 connection): ${(idleHealth["2xx"] / idleHealth.duration).toFixed(0)} req/s, p50 ${idleHealth.latency.p50} ms, p99 ${idleHealth.latency.p99} ms.\n`,
    );
    console.log("| read | status | KB | alone: first byte ms | alone: total ms | load: ok/s | load: p50 ms | load: p99 ms | load: failed | health ok/s | health p50 ms | health p99 ms | health not ok (503 down, errors, timeouts) | event-loop max ms | app CPU ms/request | load avg 1/5/15 |");
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
    for (const row of rows) console.log(row);
  } finally {
    await org.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
