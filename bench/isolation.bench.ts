// Isolation benchmark: does the deploy gate wait on the UI? GET /api/health and
// POST /api/v1/deploy-requests are measured idle, then again while the heaviest reads
// (the /graph page, the /services page and the full NDJSON export) load the same server
// in a loop; the server reports its event-loop delay (max) for each phase. At 10,000
// services / 100,000 edges / ~3,300 SLOs, app in a separate process. One summary table.
//
//   bash -c 'source scripts/test-services/postgres.sh && start_test_postgres && \
//            trap stop_test_postgres EXIT && npx tsx bench/isolation.bench.ts'
//
// BENCH_DB=postgres (default; needs TEST_DATABASE_URL) or pglite; BENCH_SECONDS (default 15).
import autocannon from "autocannon";
import { readEventLoopDelay, SERVICES, startLargeOrganization } from "./large-organization.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const KIND = process.env.BENCH_DB === "pglite" ? "pglite" : "postgres";
/** Connections for each probe (health, the gate) and for each heavy read in the background. */
const PROBE_CONNECTIONS = 2;
const HEAVY_CONNECTIONS = 2;

function deployRequests(token: string) {
  let n = 0;
  return [
    {
      method: "POST",
      path: "/api/v1/deploy-requests",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      setupRequest: (request: { body?: string }) => {
        n += 1;
        const service = `svc-${((n * 7919) % SERVICES) + 1}`;
        return { ...request, body: JSON.stringify({ service, environment: "production", version: `2.0.${n}`, requestedBy: "bench" }) };
      },
    },
  ];
}

type TRun = Awaited<ReturnType<typeof autocannon>>;
const perSecond = (run: TRun) => run["2xx"] / run.duration;

async function probes(appUrl: string, token: string): Promise<{ health: TRun; gate: TRun }> {
  const [health, gate] = await Promise.all([
    autocannon({ url: `${appUrl}/api/health`, connections: PROBE_CONNECTIONS, duration: SECONDS, timeout: 30 }),
    autocannon({ url: appUrl, connections: PROBE_CONNECTIONS, duration: SECONDS, timeout: 30, requests: deployRequests(token) }),
  ]);
  return { health, gate };
}

async function main(): Promise<void> {
  const org = await startLargeOrganization(KIND);
  try {
    console.log(`Seeded ${SERVICES} services on ${KIND} in ${org.seedSeconds.toFixed(1)} s; app on ${org.app.url}`);
    const page = { cookie: org.cookie };
    const api = { authorization: `Bearer ${org.token}` };
    const heavy = [
      { title: "/graph page", url: `${org.app.url}/graph`, headers: page },
      { title: "/services page", url: `${org.app.url}/services`, headers: page },
      { title: "GET /api/v1/graph/export", url: `${org.app.url}/api/v1/graph/export`, headers: api },
    ];
    // Warm up every route (Next compiles lazily; Prisma opens its pool on first use).
    for (const h of heavy) await (await fetch(h.url, { headers: h.headers })).arrayBuffer();
    await autocannon({ url: org.app.url, connections: 1, duration: 2, requests: deployRequests(org.token) });

    await readEventLoopDelay(org.app.url, true);
    const idle = await probes(org.app.url, org.token);
    const idleLoop = await readEventLoopDelay(org.app.url, true);

    const background = Promise.all(
      heavy.map((h) => autocannon({ url: h.url, headers: h.headers, connections: HEAVY_CONNECTIONS, duration: SECONDS + 2, timeout: 60 })),
    );
    const loaded = await probes(org.app.url, org.token);
    const heavyRuns = await background;
    const loadedLoop = await readEventLoopDelay(org.app.url, true);

    console.log(`\nIsolation on ${KIND}, ${SERVICES} services; probes ${PROBE_CONNECTIONS} connections each, heavy reads ${HEAVY_CONNECTIONS} connections each, ${SECONDS} s.\n`);
    console.log("| phase | health ok/s | health p50 ms | health p99 ms | gate ok/s | gate p50 ms | gate p99 ms | gate failed | event-loop max ms | event-loop p99 ms |");
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const [phase, run, loop] of [
      ["idle", idle, idleLoop],
      ["while /graph, /services and the export load", loaded, loadedLoop],
    ] as const) {
      console.log(
        `| ${phase} | ${perSecond(run.health).toFixed(0)} | ${run.health.latency.p50} | ${run.health.latency.p99} | ` +
          `${perSecond(run.gate).toFixed(1)} | ${run.gate.latency.p50} | ${run.gate.latency.p99} | ${run.gate.non2xx + run.gate.errors + run.gate.timeouts} | ${loop.maxMs} | ${loop.p99Ms} |`,
      );
    }
    console.log(
      `\np99 under load vs idle: health ${(loaded.health.latency.p99 / Math.max(1, idle.health.latency.p99)).toFixed(1)}×, ` +
        `gate ${(loaded.gate.latency.p99 / Math.max(1, idle.gate.latency.p99)).toFixed(1)}× (target ≤ 2×).`,
    );
    console.log(`Heavy reads completed meanwhile: ${heavy.map((h, i) => `${h.title} ${heavyRuns[i]?.["2xx"] ?? 0} (p50 ${heavyRuns[i]?.latency.p50 ?? "-"} ms)`).join(", ")}`);
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
