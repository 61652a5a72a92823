// Memory and soak benchmark: the production server (node dist/start.js, a separate
// process) at 10,000 services / 100,000 edges / ~3,300 SLOs. Visits every page once and
// reads the server's RSS from /proc/<pid>/status; then soaks it with mixed traffic (pages,
// API reads, deploy requests and GET /api/health, all from separate load-generator
// processes) for SOAK_MINUTES, sampling RSS, the JavaScript heap and the event-loop delay
// each minute and printing the growth. Targets (issue 16): RSS < 600 MB after every page,
// no growth over a 10-minute soak, no event-loop delay > 50 ms.
//
//   export TEST_DATABASE_URL=$(cat /tmp/test-db-url)     # Postgres: a scratch database per run
//   npx tsx bench/memory-soak.bench.ts
//
// BENCH_DB=postgres (default) or pglite; SOAK_MINUTES (default 10; shorter while developing);
// BENCH_SERVICES (default 10,000); BENCH_CPU_PROF=DIR writes a CPU profile of the server
// (node --cpu-prof) to DIR when it stops; BENCH_HEAP_SNAPSHOT=1 has the server write a heap
// snapshot (--heapsnapshot-signal) into its working directory after every page and at the end;
// BENCH_NODE_ARGS adds node options to the server's command line (e.g. "--max-old-space-size=512");
// BENCH_SERVER_ENV adds settings to the server's environment, for A/B runs of one
// (e.g. "PLUMBLINE_EMBEDDED_MAINTENANCE_INTERVAL=1h");
// BENCH_SERVER_OUTPUT=1 prints the server's output at the end (its long-turn lines, a --trace-gc
// log): read it with bench/long-turn-report.ts, and with BENCH_CPU_PROF too, with
// bench/long-turn-profile.ts (what code each long turn ran).
//
// The server runs as production runs the web role: with the runtime image's environment
// (Dockerfile: glibc malloc settings) and, on Postgres, the web Deployment's node options (the
// heap cap in deploy/kubernetes/base/web-deployment.yaml), both read from those files; PGlite
// runs as the image's CMD does (one process, with the CMD's heap cap).
// BENCH_PRODUCTION_TUNING=0 leaves both out (the figures before they existed).
import fs from "node:fs";
import os from "node:os";
import { benchRow, printSummaryTable, type TBenchRow } from "./bench-summary.ts";
import { SERVICES, startLargeOrganization, type TLargeOrganization } from "./large-organization.ts";
import { loadFromSeparateProcess, loadGeneratorNiceNote, type TLoadResult } from "./load-generator.ts";
import { ensureProductionBuild } from "@/scripts/ensure-production-build.ts";
import { productionTuning as productionTuningOf } from "./production-tuning.ts";
import { printLongTurnReport, type TPhaseStart } from "./long-turns.ts";
import { createDetailRecords, everyPage } from "./every-page.ts";
import { describeThreadCpu, describeThreadNice, readThreadTicks, startRunQueueOverlap } from "./thread-cpu.ts";
import { readResidentByKind, type TResidentByKind } from "./process-memory-map.ts";
import { printStatementTimes, readStatementTimes } from "./statement-times.ts";

const KIND = process.env.BENCH_DB === "pglite" ? "pglite" : "postgres";
const SOAK_MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const SERVICE_COUNT = Number(process.env.BENCH_SERVICES ?? SERVICES);
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF;
const HEAP_SNAPSHOTS = process.env.BENCH_HEAP_SNAPSHOT === "1";
const RSS_TARGET_MB = 600;
const PRODUCTION_TUNING = process.env.BENCH_PRODUCTION_TUNING !== "0";

/** The runtime image's malloc settings and the web Deployment's node options, as production sets them. */
function productionTuning(): { env: Record<string, string>; nodeArgs: string[] } {
  return PRODUCTION_TUNING ? productionTuningOf(KIND) : { env: {}, nodeArgs: [] };
}

interface TServerSample {
  rssMb: number;
  /** Peak RSS since the process started (VmHWM). */
  peakRssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  arrayBuffersMb: number;
  loopMaxMs: number;
  loopP99Ms: number;
  /** The embedded database's worker thread: wasm memory and its own heap (null on Postgres or an older build). */
  embeddedDatabase: { wasmMb: number; heapUsedMb: number; heapTotalMb: number } | null;
  /** RSS split by mapping: the wasm memory (PGlite), other anonymous memory, file-backed (null off Linux). */
  resident: TResidentByKind | null;
}

/** RSS from the kernel, the rest from the server's benchmark probe (which also resets its event-loop window). */
async function sampleServer(org: TLargeOrganization): Promise<TServerSample> {
  const status = fs.readFileSync(`/proc/${org.app.pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
  const response = await fetch(`${org.app.url}/api/debug/event-loop?reset=1`);
  const probe = (await response.json()) as {
    maxMs: number;
    p99Ms: number;
    memory?: Omit<TServerSample, "peakRssMb" | "loopMaxMs" | "loopP99Ms" | "embeddedDatabase" | "resident">;
    embeddedDatabase?: TServerSample["embeddedDatabase"];
  };
  // A build from before the probe reported memory: heap figures unknown.
  probe.memory ??= { rssMb: Number.NaN, heapUsedMb: Number.NaN, heapTotalMb: Number.NaN, externalMb: Number.NaN, arrayBuffersMb: Number.NaN };
  return {
    rssMb: Math.round(kb("VmRSS") / 1024),
    peakRssMb: Math.round(kb("VmHWM") / 1024),
    heapUsedMb: probe.memory.heapUsedMb,
    heapTotalMb: probe.memory.heapTotalMb,
    externalMb: probe.memory.externalMb,
    arrayBuffersMb: probe.memory.arrayBuffersMb,
    loopMaxMs: probe.maxMs,
    loopP99Ms: probe.p99Ms,
    embeddedDatabase: probe.embeddedDatabase ?? null,
    resident: readResidentByKind(org.app.pid),
  };
}

/** Asks the server for a heap snapshot and waits until it is written (the process is blocked meanwhile). */
async function heapSnapshot(org: TLargeOrganization): Promise<void> {
  const before = new Set(fs.readdirSync(".").filter((f) => f.endsWith(".heapsnapshot")));
  process.kill(org.app.pid, "SIGUSR2");
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1000)); // sleep: polling for the snapshot file
    const written = fs.readdirSync(".").find((f) => f.endsWith(".heapsnapshot") && !before.has(f));
    // The server answers its probe again once the snapshot is written.
    if (written && (await fetch(`${org.app.url}/api/health`).then((r) => r.ok, () => false))) {
      console.log(`heap snapshot: ${written} (${(fs.statSync(written).size / 1048576).toFixed(0)} MB)`);
      return;
    }
  }
}

const describeResident = (resident: TResidentByKind | null) =>
  resident ? `${resident.wasmMb} / ${resident.otherAnonymousMb} / ${resident.fileBackedMb}` : "?";

const load = () => os.loadavg()[0]?.toFixed(1) ?? "?";
const cpuSeconds = (pid: number) => {
  // utime + stime of the server, in clock ticks (100 per second on Linux).
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

/** Pages and API reads a team would send during a working day, in the proportions they come. */
function mixedPagePaths(): string[] {
  const paths: string[] = [];
  for (let i = 0; i < 20; i++) {
    const n = ((i * 7919) % SERVICE_COUNT) + 1;
    paths.push(`/services/svc-${n}`, "/services", `/services?q=svc-${n}`);
  }
  paths.push("/", "/graph", "/teams", `/teams/team-${1 + (SERVICE_COUNT % 100)}`, "/deploys", "/incidents", "/feed", "/learnings", "/notifications");
  return paths;
}

function mixedApiPaths(): string[] {
  const paths: string[] = [];
  for (let i = 0; i < 20; i++) {
    const n = ((i * 104_729) % SERVICE_COUNT) + 1;
    paths.push(`/api/v1/services?limit=50&q=svc-${n}`, `/api/v1/services/svc-${n}`, `/api/v1/graph?focus=svc-${n}&depth=2`, "/api/v1/services?limit=200");
  }
  paths.push("/api/v1/teams", "/api/v1/slos/overview", "/api/v1/deploy-requests");
  return paths;
}

function describeLoad(name: string, run: TLoadResult): string {
  const failed = run.failed ? `, ${run.failed} failed (${Object.entries(run.statuses).filter(([code]) => !code.startsWith("2")).map(([code, n]) => `${code}×${n}`).join(" ") || "timeouts/errors"})` : "";
  return `${name} ${run.perSecond.toFixed(1)}/s p50 ${run.p50} p99 ${run.p99} ms${failed}`;
}

/** Least-squares slope of y over x. */
function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return num / den;
}

async function main(): Promise<void> {
  await ensureProductionBuild();
  const tuning = productionTuning();
  const nodeArgs = [...tuning.nodeArgs, ...(process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? []), ...(CPU_PROF_DIR ? ["--cpu-prof", `--cpu-prof-dir=${CPU_PROF_DIR}`] : []), ...(HEAP_SNAPSHOTS ? ["--heapsnapshot-signal=SIGUSR2"] : [])];
  console.log(`Server tuning: ${JSON.stringify({ env: tuning.env, nodeArgs })}`);
  const serverEnv = Object.fromEntries((process.env.BENCH_SERVER_ENV ?? "").split(/\s+/).filter(Boolean).map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]));
  if (Object.keys(serverEnv).length > 0) console.log(`Server environment added: ${JSON.stringify(serverEnv)}`);
  const org = await startLargeOrganization(KIND, { ...tuning.env, ...serverEnv }, SERVICE_COUNT, { compiled: true, nodeArgs });
  const rows: TBenchRow[] = [];
  // Each soak minute's start in the server's time, to split its long-turn lines (and find them in a GC trace).
  const phaseStarts: TPhaseStart[] = [];
  const phase = (name: string) => {
    const from = Date.now() - org.app.startedAt;
    phaseStarts.push({ name, from });
    console.log(`${name} from +${(from / 1000).toFixed(1)} s of the server`);
  };
  const what = (text: string) => `${text}, ${SERVICE_COUNT.toLocaleString("en-US")} services`;
  try {
    console.log(`Seeded ${SERVICE_COUNT} services on ${KIND} in ${org.seedSeconds.toFixed(1)} s; production server pid ${org.app.pid} on ${org.app.url}`);
    const started = await sampleServer(org);
    console.log(`After start: RSS ${started.rssMb} MB, heap ${started.heapUsedMb}/${started.heapTotalMb} MB, external ${started.externalMb} MB (array buffers ${started.arrayBuffersMb}); load average ${load()}`);

    // Idle event-loop delay: nothing but the probe for 20 s (on the embedded database the workers run: the SLO cycle, maintenance).
    await sampleServer(org);
    phase("idle 20 s");
    await new Promise((resolve) => setTimeout(resolve, 20_000)); // sleep: an idle window for the event-loop histogram
    const idle = await sampleServer(org);
    console.log(`Idle 20 s: event-loop max ${idle.loopMaxMs} ms, p99 ${idle.loopP99Ms} ms; load average ${load()}`);

    // Every page, one at a time, twice: the first visit loads the page's route bundle
    // (module compilation holds the loop once per process), the second is what users get.
    const ids = await createDetailRecords(org);
    phase("every page, twice");
    console.log("\n| page | status | KB | first ms | first event-loop max ms | second ms | second server CPU s | second event-loop max ms | RSS after MB |");
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    const worst = { cold: { page: "", ms: 0 }, warm: { page: "", ms: 0 } };
    const visit = async (page: string) => {
      const cpuBefore = cpuSeconds(org.app.pid);
      const begin = performance.now();
      const response = await fetch(`${org.app.url}${page}`, { headers: { cookie: org.cookie }, redirect: "manual" });
      const body = await response.arrayBuffer();
      const ms = performance.now() - begin;
      return { status: response.status, kb: body.byteLength / 1024, ms, cpu: cpuSeconds(org.app.pid) - cpuBefore, after: await sampleServer(org) };
    };
    const warmMs = new Map<string, number>();
    for (const page of everyPage(ids)) {
      const cold = await visit(page);
      const warm = await visit(page);
      warmMs.set(page, warm.ms);
      if (cold.after.loopMaxMs > worst.cold.ms) worst.cold = { page, ms: cold.after.loopMaxMs };
      if (warm.after.loopMaxMs > worst.warm.ms) worst.warm = { page, ms: warm.after.loopMaxMs };
      console.log(
        `| ${page} | ${warm.status} | ${warm.kb.toFixed(0)} | ${cold.ms.toFixed(0)} | ${cold.after.loopMaxMs} | ${warm.ms.toFixed(0)} | ${warm.cpu.toFixed(2)} | ${warm.after.loopMaxMs} | ${warm.after.rssMb} |`,
      );
    }
    const visited = await sampleServer(org);
    console.log(
      `\nAfter every page: RSS ${visited.rssMb} MB (peak ${visited.peakRssMb}), heap ${visited.heapUsedMb}/${visited.heapTotalMb} MB, external ${visited.externalMb} MB (array buffers ${visited.arrayBuffersMb}); load average ${load()}`,
    );
    if (visited.embeddedDatabase) {
      const db = visited.embeddedDatabase;
      console.log(`  of which the embedded database's worker thread: wasm memory ${db.wasmMb} MB, heap ${db.heapUsedMb}/${db.heapTotalMb} MB`);
      if (visited.resident) console.log(`  resident: wasm ${visited.resident.wasmMb} MB, other anonymous ${visited.resident.otherAnonymousMb} MB, file-backed ${visited.resident.fileBackedMb} MB`);
    }
    if (HEAP_SNAPSHOTS) await heapSnapshot(org);
    rows.push(
      benchRow({
        what: what("server RSS after visiting every page"),
        database: KIND,
        value: visited.rssMb,
        unit: "MB",
        target: { op: "<", value: RSS_TARGET_MB },
        note: `peak ${visited.peakRssMb} MB; heap used ${visited.heapUsedMb} MB of ${visited.heapTotalMb}; external ${visited.externalMb} MB; after start ${started.rssMb} MB`,
      }),
      benchRow({
        what: what("event-loop delay max, idle 20 s"),
        database: KIND,
        value: idle.loopMaxMs,
        unit: "ms",
        target: { op: "<=", value: 50 },
        note: `p99 ${idle.loopP99Ms} ms; load average ${load()}`,
      }),
      benchRow({
        what: what("event-loop delay max, each page's second visit, one at a time"),
        database: KIND,
        value: worst.warm.ms,
        unit: "ms",
        target: { op: "<=", value: 50 },
        note: `worst: ${worst.warm.page}; first visits (route bundle loading) up to ${worst.cold.ms} ms (${worst.cold.page}); load average ${load()}`,
      }),
    );

    // Where the embedded database's time goes during the soak: a new statement profile from here.
    await readStatementTimes(org.app.url, "reset");
    // The soak: one minute of mixed traffic at a time, from separate processes, then a sample.
    console.log(`\nSoak: ${SOAK_MINUTES} minute(s) of mixed traffic (pages 2 connections, API 2, deploy requests 1, health 1)\n`);
    console.log("| minute | RSS MB | of which wasm / other anonymous / files MB | heap used MB | heap total MB | external MB | event-loop max ms | p99 ms | server CPU s | load | traffic |");
    console.log("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
    const samples: { minute: number; sample: TServerSample }[] = [{ minute: 0, sample: visited }];
    const healths: TLoadResult[] = [];
    const gates: TLoadResult[] = [];
    const cookie = { cookie: org.cookie };
    const bearer = { authorization: `Bearer ${org.token}` };
    for (let minute = 1; minute <= SOAK_MINUTES; minute++) {
      phase(`minute ${minute}`);
      const cpuBefore = cpuSeconds(org.app.pid);
      const threadsBefore = readThreadTicks(org.app.pid);
      const overlap = startRunQueueOverlap(org.app.pid);
      const [pages, api, gate, health] = await Promise.all([
        loadFromSeparateProcess({ url: org.app.url, connections: 2, duration: 60, headers: cookie, paths: mixedPagePaths(), timeoutSeconds: 60 }),
        loadFromSeparateProcess({ url: org.app.url, connections: 2, duration: 60, headers: bearer, paths: mixedApiPaths(), timeoutSeconds: 60 }),
        loadFromSeparateProcess({
          url: org.app.url,
          connections: 1,
          duration: 60,
          method: "POST",
          path: "/api/v1/deploy-requests",
          headers: { "content-type": "application/json", ...bearer },
          deployBodies: { services: SERVICE_COUNT },
        }),
        loadFromSeparateProcess({ url: `${org.app.url}/api/health`, connections: 1, duration: 60 }),
      ]);
      healths.push(health);
      gates.push(gate);
      const sample = await sampleServer(org);
      samples.push({ minute, sample });
      console.log(
        `| ${minute} | ${sample.rssMb} | ${describeResident(sample.resident)} | ${sample.heapUsedMb} | ${sample.heapTotalMb} | ${sample.externalMb} | ${sample.loopMaxMs} | ${sample.loopP99Ms} | ` +
          `${(cpuSeconds(org.app.pid) - cpuBefore).toFixed(1)} (${describeThreadCpu(threadsBefore, readThreadTicks(org.app.pid), org.app.pid)}; ${overlap.stop()}; ${describeThreadNice(org.app.pid)}) | ${load()} | ${[describeLoad("pages", pages), describeLoad("api", api), describeLoad("gate", gate), describeLoad("health", health)].join("; ")} |`,
      );
    }

    phase("soak ended");
    printStatementTimes(await readStatementTimes(org.app.url, "1"), "over the soak");
    if (HEAP_SNAPSHOTS) await heapSnapshot(org);
    // The soak left its history behind (every deploy request, its approvals, events and
    // notifications): the same pages again, one at a time, show which ones slow down with it.
    const decisions = gates.reduce((sum, gate) => sum + Math.round(gate.perSecond * 60), 0);
    console.log(`\nEvery page again after the soak's ~${decisions.toLocaleString("en-US")} deploy decisions (one visit each, warm):\n`);
    console.log("| page | before the soak ms | after ms | after / before |");
    console.log("| --- | ---: | ---: | ---: |");
    for (const page of everyPage(ids)) {
      const after = await visit(page);
      const before = warmMs.get(page) ?? Number.NaN;
      console.log(`| ${page} | ${before.toFixed(0)} | ${after.ms.toFixed(0)} | ${(after.ms / before).toFixed(1)} |`);
    }
    // Growth: the slope over the soak minutes, leaving out the page visits before it (a one-minute soak keeps them).
    const steady = samples.length > 2 ? samples.filter((s) => s.minute >= 1) : samples;
    const rssSlope = slope(steady.map((s) => ({ x: s.minute, y: s.sample.rssMb })));
    const heapSlope = slope(steady.map((s) => ({ x: s.minute, y: s.sample.heapUsedMb })));
    const last = samples.at(-1)?.sample ?? visited;
    // Which part grew: the embedded database's wasm memory (bounded by its size until PGlite grows it) or the rest.
    const residentSlope = (kind: keyof TResidentByKind) => slope(steady.map((s) => ({ x: s.minute, y: s.sample.resident?.[kind] ?? Number.NaN })));
    const residentNote = visited.resident
      ? `; of it wasm ${visited.resident.wasmMb} → ${last.resident?.wasmMb} MB (${residentSlope("wasmMb").toFixed(1)} MB/minute), ` +
        `other anonymous ${visited.resident.otherAnonymousMb} → ${last.resident?.otherAnonymousMb} MB (${residentSlope("otherAnonymousMb").toFixed(1)} MB/minute)`
      : "";
    const loopMax = Math.max(...samples.slice(1).map((s) => s.sample.loopMaxMs));
    const healthRate = healths.reduce((s, h) => s + h.perSecond, 0) / Math.max(1, healths.length);
    const healthP99 = Math.max(...healths.map((h) => h.p99));
    console.log(
      `\nSoak: RSS ${visited.rssMb} → ${last.rssMb} MB (peak ${last.peakRssMb}), ${rssSlope.toFixed(1)} MB/minute${residentNote}; heap used ${heapSlope.toFixed(1)} MB/minute; ` +
        `health ${healthRate.toFixed(0)} req/s, worst minute's p99 ${healthP99} ms`,
    );
    rows.push(
      benchRow({
        what: what(`RSS growth over a ${SOAK_MINUTES}-minute mixed-traffic soak`),
        database: KIND,
        value: Math.round(rssSlope * 10) / 10,
        unit: "MB",
        note: `per minute, least squares over the soak's minutes; RSS ${visited.rssMb} → ${last.rssMb} MB, peak ${last.peakRssMb}${residentNote}; heap used ${heapSlope.toFixed(1)} MB/minute; health ${healthRate.toFixed(0)} req/s, p99 ≤ ${healthP99} ms; load average ${load()}`,
      }),
      benchRow({
        what: what("server RSS at the end of the soak"),
        database: KIND,
        value: last.rssMb,
        unit: "MB",
        target: { op: "<", value: RSS_TARGET_MB },
      }),
      benchRow({
        what: what("event-loop delay max under mixed traffic"),
        database: KIND,
        value: loopMax,
        unit: "ms",
        target: { op: "<=", value: 50 },
        note: `worst minute; load average ${load()}`,
      }),
    );
  } finally {
    await org.stop();
    if (process.env.BENCH_SERVER_OUTPUT === "1") console.log(`\nServer output:\n${org.app.output()}`);
  }
  // The server's long-turn lines (PLUMBLINE_DEBUG_EVENT_LOOP): per soak minute, turns ≥ 30 and ≥ 50 ms and what overlapped them.
  console.log("\nEvent-loop turns ≥ 30 ms per soak minute (BENCH_NODE_ARGS=--trace-gc adds the GC columns):\n");
  printLongTurnReport(org.app.output(), phaseStarts, 10);
  printSummaryTable(`Memory and soak (${KIND}${loadGeneratorNiceNote()})`, rows);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
