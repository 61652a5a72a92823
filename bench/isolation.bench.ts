// Isolation benchmark: does the deploy gate wait on the UI? GET /api/health and
// POST /api/v1/deploy-requests are measured idle, then again while the heaviest reads
// (the /graph page, the /services page and the full NDJSON export) load the same server
// in a loop; the server reports its event-loop delay (max) for each phase. At 10,000
// services / 100,000 edges / ~3,300 SLOs. The server is the production start (node
// dist/start.js, web role, with production's heap cap and malloc settings: see
// production-tuning.ts); every load (each probe, each heavy read) comes from its own
// load-generator process, so no client's parsing of a 20 MB export delays another's timing.
// Next to every figure: the server's CPU seconds in that phase and the load average.
// On PGlite it also prints how long statements waited for the embedded database in each phase,
// by priority, from the server's own metric (plumbline_embedded_db_turn_wait_seconds),
// and the statements that held it longest in sum and at once (the statement profile).
//
//   export TEST_DATABASE_URL=$(cat /tmp/test-db-url)
//   npx tsx bench/isolation.bench.ts
//
// BENCH_DB=postgres (default; needs TEST_DATABASE_URL) or pglite; BENCH_SECONDS (default 15);
// BENCH_CPU_PROF=DIR writes a CPU profile of the server (node --cpu-prof) to DIR when it stops
// (read it with bench/cpu-profile-long-tasks.ts); BENCH_NODE_ARGS adds node options to the
// server (e.g. "--trace-gc"; its output is printed when BENCH_SERVER_OUTPUT=1);
// BENCH_TOPOLOGY=split serves the gate and its health probe from a second web process on the
// same database (a separate Deployment behind Ingress path routing), the heavy reads from the first;
// BENCH_ATTRIBUTE_SECONDS (default 8; 0 skips): first each request kind alone on one connection,
// with the event-loop max it caused, so the loaded phase's max can be put down to a route;
// BENCH_HEAVY_LOAD_NICE=N (1-19) runs only the heavy reads' generators at that nice, in sessions of
// their own with that autogroup nice (bench/load-generator.ts): the browsers and export clients of
// production are on other machines, the probes measuring the gate and health keep a full share.
import os from "node:os";
import { benchRow, printSummaryTable, type TBenchRow } from "./bench-summary.ts";
import { readEventLoopDelay, SERVICES, startLargeOrganization, type TEventLoopReading } from "./large-organization.ts";
import { loadFromSeparateProcess, loadGeneratorNiceNote, type TLoadJob, type TLoadResult } from "./load-generator.ts";
import { processGroupCpuSeconds } from "./process-group-cpu.ts";
import { productionTuning } from "./production-tuning.ts";
import { printLongTurnReport, type TPhaseStart } from "./long-turns.ts";
import { ensureProductionBuild } from "@/scripts/ensure-production-build.ts";
import { printStatementTimes, readStatementTimes } from "./statement-times.ts";
import type { TStatementTimes } from "@/server/db/statement-time-profile.ts";
import { boundHolding, histogramSince, parseHistogram, type THistogramScrape } from "./scraped-histogram.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const KIND = process.env.BENCH_DB === "pglite" ? "pglite" : "postgres";
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF;
/** "single" (default): one web process serves everything. "split": the gate (and its health probe) on a web process of its own, as an Ingress routing /api/v1/deploy-requests to a separate Deployment would (Postgres only). */
const TOPOLOGY = process.env.BENCH_TOPOLOGY === "split" ? "split" : "single";
/** Connections for each probe (health, the gate) and for each heavy read in the background. */
const PROBE_CONNECTIONS = 2;
const HEAVY_CONNECTIONS = 2;
/** Seconds of each request kind alone (one connection) before the phases, to say which one holds the loop; 0 skips. */
const ATTRIBUTE_SECONDS = Number(process.env.BENCH_ATTRIBUTE_SECONDS ?? 8);
const HEAVY_LOAD_NICE = Number(process.env.BENCH_HEAVY_LOAD_NICE ?? 0);
if (!Number.isInteger(HEAVY_LOAD_NICE) || HEAVY_LOAD_NICE < 0 || HEAVY_LOAD_NICE > 19) throw new Error(`BENCH_HEAVY_LOAD_NICE must be an integer from 0 to 19, not ${process.env.BENCH_HEAVY_LOAD_NICE}`);
const heavyLoadNiceNote = HEAVY_LOAD_NICE === 0 ? "" : `, heavy reads' load generators at nice ${HEAVY_LOAD_NICE} (autogroup)`;

const load = () => os.loadavg().map((l) => l.toFixed(1)).join(" ");
const METRICS_TOKEN = "bench-isolation-metrics-token";
const PRIORITIES = ["normal", "background"] as const;
type TDatabaseWaits = Record<(typeof PRIORITIES)[number], THistogramScrape>;

/** How long statements have waited for the embedded database so far, by priority (empty on Postgres). */
async function readDatabaseWaits(appUrl: string): Promise<TDatabaseWaits> {
  const response = await fetch(`${appUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  const text = await response.text();
  const read = (priority: string) => parseHistogram(text, "plumbline_embedded_db_turn_wait_seconds", { priority });
  return { normal: read("normal"), background: read("background") };
}

function describeWaits(waits: TDatabaseWaits): string {
  return PRIORITIES.map((priority) => {
    const scrape = waits[priority];
    if (scrape.count === 0) return `${priority}: none`;
    return `${priority}: ${scrape.count} statements, mean ${((scrape.sum / scrape.count) * 1000).toFixed(1)} ms, p95 ≤ ${boundHolding(scrape, 0.95)} s`;
  }).join("; ");
}

interface TPhase {
  health: TLoadResult;
  gate: TLoadResult;
  loop: TEventLoopReading;
  serverCpuSeconds: number;
  loadAverage: string;
  /** Waits for the embedded database in the phase, by priority (the heavy reads' process's). */
  databaseWaits: TDatabaseWaits;
  /** The embedded database's statement profile over the phase (null on Postgres). */
  statements: TStatementTimes | null;
}

async function main(): Promise<void> {
  await ensureProductionBuild();
  const tuning = productionTuning(KIND);
  const nodeArgs = [
    ...tuning.nodeArgs,
    ...(process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? []),
    ...(CPU_PROF_DIR ? ["--cpu-prof", `--cpu-prof-dir=${CPU_PROF_DIR}`] : []),
  ];
  const org = await startLargeOrganization(KIND, { ...tuning.env, PLUMBLINE_METRICS_TOKEN: METRICS_TOKEN }, SERVICES, { compiled: true, nodeArgs });
  // Phase starts in seconds since the server started, to find them in its CPU profile, GC trace and long-turn lines.
  const phaseStarts: TPhaseStart[] = [];
  const phase = (name: string) => {
    const from = Date.now() - org.app.startedAt;
    phaseStarts.push({ name, from });
    console.log(`${name} from +${(from / 1000).toFixed(1)} s of the server`);
  };
  try {
    console.log(`Seeded ${SERVICES} services on ${KIND} in ${org.seedSeconds.toFixed(1)} s; production server pid ${org.app.pid} (${nodeArgs.join(" ")}) on ${org.app.url}`);
    const url = org.app.url;
    const gateApp = TOPOLOGY === "split" ? await org.startAnotherWeb() : org.app;
    const gateUrl = gateApp.url;
    if (TOPOLOGY === "split") console.log(`Topology split: heavy reads on pid ${org.app.pid} (${url}), gate and health probes on pid ${gateApp.pid} (${gateUrl})`);
    const serverCpu = () => processGroupCpuSeconds(org.app.pid) + (gateApp === org.app ? 0 : processGroupCpuSeconds(gateApp.pid));
    const page = { cookie: org.cookie };
    const api = { authorization: `Bearer ${org.token}` };
    const heavy: { title: string; job: TLoadJob }[] = [
      { title: "/graph page", job: { url: `${url}/graph`, headers: page, connections: HEAVY_CONNECTIONS, duration: SECONDS + 2, timeoutSeconds: 60, ...(HEAVY_LOAD_NICE ? { nice: HEAVY_LOAD_NICE } : {}) } },
      { title: "/services page", job: { url: `${url}/services`, headers: page, connections: HEAVY_CONNECTIONS, duration: SECONDS + 2, timeoutSeconds: 60, ...(HEAVY_LOAD_NICE ? { nice: HEAVY_LOAD_NICE } : {}) } },
      { title: "GET /api/v1/graph/export", job: { url: `${url}/api/v1/graph/export`, headers: api, connections: HEAVY_CONNECTIONS, duration: SECONDS + 2, timeoutSeconds: 60, ...(HEAVY_LOAD_NICE ? { nice: HEAVY_LOAD_NICE } : {}) } },
    ];
    const gateJob: TLoadJob = {
      url: gateUrl,
      path: "/api/v1/deploy-requests",
      method: "POST",
      headers: { "content-type": "application/json", ...api },
      connections: PROBE_CONNECTIONS,
      duration: SECONDS,
      timeoutSeconds: 30,
      deployBodies: { services: SERVICES },
    };
    const probes = () =>
      Promise.all([loadFromSeparateProcess({ url: `${gateUrl}/api/health`, connections: PROBE_CONNECTIONS, duration: SECONDS, timeoutSeconds: 30 }), loadFromSeparateProcess(gateJob)]);
    // Warm up every route (route bundles load on first use; Prisma opens its pool) and the gate.
    for (const h of heavy) await (await fetch(h.job.url, { headers: h.job.headers })).arrayBuffer();
    await loadFromSeparateProcess({ ...gateJob, connections: 1, duration: 2 });

    const measure = async (withHeavy: boolean): Promise<{ phase: TPhase; heavyRuns: TLoadResult[] }> => {
      phase(`${withHeavy ? "loaded" : "idle"} phase`);
      await Promise.all([readEventLoopDelay(url, true), readEventLoopDelay(gateUrl, true)]);
      const cpuBefore = serverCpu();
      const waitsBefore = await readDatabaseWaits(url);
      await readStatementTimes(url, "reset");
      const background = withHeavy ? Promise.all(heavy.map((h) => loadFromSeparateProcess(h.job))) : Promise.resolve([]);
      const [health, gate] = await probes();
      const heavyRuns = await background;
      const [loop, heavyLoop] = await Promise.all([readEventLoopDelay(gateUrl, true), readEventLoopDelay(url, true)]);
      if (gateUrl !== url) console.log(`  heavy-read process's event loop in that phase: max ${heavyLoop.maxMs} ms, most CPU in one turn ${heavyLoop.maxStretchCpuMs} ms`);
      const statements = await readStatementTimes(url, "1");
      const waitsAfter = await readDatabaseWaits(url);
      const databaseWaits = { normal: histogramSince(waitsAfter.normal, waitsBefore.normal), background: histogramSince(waitsAfter.background, waitsBefore.background) };
      return { phase: { health, gate, loop, serverCpuSeconds: serverCpu() - cpuBefore, loadAverage: load(), databaseWaits, statements }, heavyRuns };
    };
    // Which request holds the loop: each kind alone, one connection, so the event-loop max belongs to it.
    const alone: { title: string; loop: TEventLoopReading; result: TLoadResult; serverCpuSeconds: number; loadAverage: string }[] = [];
    if (ATTRIBUTE_SECONDS > 0) {
      const jobs: { title: string; job: TLoadJob }[] = [
        { title: "GET /api/health", job: { url: `${gateUrl}/api/health`, connections: 1, duration: ATTRIBUTE_SECONDS } },
        { title: "POST /api/v1/deploy-requests", job: { ...gateJob, connections: 1, duration: ATTRIBUTE_SECONDS } },
        ...heavy.map((h) => ({ title: h.title, job: { ...h.job, connections: 1, duration: ATTRIBUTE_SECONDS } })),
      ];
      for (const { title, job } of jobs) {
        phase(`${title} alone`);
        const probeUrl = job.url.startsWith(gateUrl) ? gateUrl : url;
        await readEventLoopDelay(probeUrl, true);
        const cpuBefore = serverCpu();
        const result = await loadFromSeparateProcess(job);
        const loop = await readEventLoopDelay(probeUrl, true);
        alone.push({ title, loop, result, serverCpuSeconds: serverCpu() - cpuBefore, loadAverage: load() });
      }
    }
    const idle = (await measure(false)).phase;
    const { phase: loaded, heavyRuns } = await measure(true);
    phase("after the phases");

    if (alone.length > 0) {
      console.log(`\nEach request kind alone, one connection, ${ATTRIBUTE_SECONDS} s (which one holds the event loop):\n`);
      console.log("| request | ok | failed | p50 ms | p99 ms | event-loop max ms | event-loop p99 ms | most CPU in one loop turn ms | turns ≥ 50 ms wall / CPU | server CPU s | load average |");
      console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
      for (const a of alone) {
        console.log(`| ${a.title} | ${a.result.ok} | ${a.result.failed} | ${a.result.p50} | ${a.result.p99} | ${a.loop.maxMs} | ${a.loop.p99Ms} | ${a.loop.maxStretchCpuMs} | ${a.loop.longStretches} / ${a.loop.longCpuStretches} | ${a.serverCpuSeconds.toFixed(1)} | ${a.loadAverage} |`);
      }
    }
    console.log(`\nIsolation on ${KIND}, ${SERVICES} services, topology ${TOPOLOGY}${TOPOLOGY === "split" ? " (event loop and server CPU: the gate's process; CPU: both)" : ""}; probes ${PROBE_CONNECTIONS} connections each, heavy reads ${HEAVY_CONNECTIONS} connections each${heavyLoadNiceNote}, ${SECONDS} s; ${os.cpus().length} cores.\n`);
    console.log("| phase | health ok/s | health p50 ms | health p99 ms | gate ok/s | gate p50 ms | gate p99 ms | gate failed | event-loop max ms | event-loop p99 ms | most CPU in one loop turn ms | turns ≥ 50 ms wall / CPU | server CPU s | load average (1/5/15 min) |");
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
    for (const [name, p] of [
      ["idle", idle],
      ["while /graph, /services and the export load", loaded],
    ] as const) {
      console.log(
        `| ${name} | ${p.health.perSecond.toFixed(0)} | ${p.health.p50} | ${p.health.p99} | ${p.gate.perSecond.toFixed(1)} | ${p.gate.p50} | ${p.gate.p99} | ${p.gate.failed} | ` +
          `${p.loop.maxMs} | ${p.loop.p99Ms} | ${p.loop.maxStretchCpuMs} | ${p.loop.longStretches} / ${p.loop.longCpuStretches} | ${p.serverCpuSeconds.toFixed(1)} | ${p.loadAverage} |`,
      );
    }
    const heavyNote = heavy.map((h, i) => `${h.title} ${heavyRuns[i]?.ok ?? 0} ok, ${heavyRuns[i]?.failed ?? 0} refused/failed (${JSON.stringify(heavyRuns[i]?.statuses ?? {})}), p50 ${heavyRuns[i]?.p50 ?? "-"} ms`).join("; ");
    console.log(`\nHeavy reads completed meanwhile: ${heavyNote}`);
    printStatementTimes(idle.statements, "in the idle phase", { top: 5, longest: 5 });
    printStatementTimes(loaded.statements, "while the heavy reads load", { top: 12, longest: 12 });
    if (KIND === "pglite") console.log(`\nWaits for the embedded database (plumbline_embedded_db_turn_wait_seconds): idle: ${describeWaits(idle.databaseWaits)}. Loaded: ${describeWaits(loaded.databaseWaits)}.`);

    const ratio = (a: number, b: number) => Math.round((a / Math.max(1, b)) * 10) / 10;
    const note = (p: TPhase) => `server CPU ${p.serverCpuSeconds.toFixed(1)} s in ${SECONDS} s; load average ${p.loadAverage}`;
    const rows: TBenchRow[] = [
      benchRow({ what: "health p99 under heavy reads ÷ idle", database: KIND, value: ratio(loaded.health.p99, idle.health.p99), unit: "×", target: { op: "<=", value: 2 }, note: `${idle.health.p99} → ${loaded.health.p99} ms; ${note(loaded)}` }),
      benchRow({ what: "gate p99 under heavy reads ÷ idle", database: KIND, value: ratio(loaded.gate.p99, idle.gate.p99), unit: "×", target: { op: "<=", value: 2 }, note: `${idle.gate.p99} → ${loaded.gate.p99} ms; ${note(loaded)}` }),
      benchRow({ what: "event-loop delay max, idle", database: KIND, value: idle.loop.maxMs, unit: "ms", target: { op: "<=", value: 50 }, note: note(idle) }),
      benchRow({ what: "event-loop delay max, under heavy reads", database: KIND, value: loaded.loop.maxMs, unit: "ms", target: { op: "<=", value: 50 }, note: note(loaded) }),
      benchRow({
        what: "most main-thread CPU in one loop turn, under heavy reads",
        database: KIND,
        value: loaded.loop.maxStretchCpuMs ?? Number.NaN,
        unit: "ms",
        target: { op: "<=", value: 50 },
        note: `the event-loop max without the time the OS gave other processes; ${loaded.loop.longStretches} turns ≥ 50 ms wall clock, ${loaded.loop.longCpuStretches} of them ≥ 50 ms CPU; ${note(loaded)}`,
      }),
    ];
    printSummaryTable(`Isolation, ${SERVICES.toLocaleString("en-US")} services, ${TOPOLOGY === "split" ? "gate on its own web process" : "one web process"}${loadGeneratorNiceNote()}${heavyLoadNiceNote}`, rows);
  } finally {
    await org.stop();
    if (process.env.BENCH_SERVER_OUTPUT === "1") console.log(`\nServer output:\n${org.app.output()}`);
  }
  // The server's long-turn lines (PLUMBLINE_DEBUG_EVENT_LOOP): how many turns ≥ 30 and ≥ 50 ms, and which overlapped GC or starvation.
  console.log(`\nEvent-loop turns ≥ 30 ms of the web process${TOPOLOGY === "split" ? " serving the heavy reads" : ""}, by phase (BENCH_NODE_ARGS=--trace-gc adds the GC columns):\n`);
  printLongTurnReport(org.app.output(), phaseStarts, 10);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
