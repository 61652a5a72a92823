// First visits after "ready": the production server (node dist/start.js, a separate process) at
// 10,000 services, as the image's CMD runs it (one process with the workers on the embedded
// database by default). Reports how long the start took, the event loop's maximum while idle,
// then for the first deploy request, the first incident and the first visit of every page, one
// at a time: the request's wall clock, the longest turn of the loop in it
// (`monitorEventLoopDelay` max), the most main-thread CPU one turn used, and the main thread's
// CPU for the whole request; then the same for a second visit. Issue 16: no turn > 50 ms.
//
//   npm run build && npx tsx bench/first-visit.bench.ts
//
// BENCH_DB=pglite (default) or postgres (the web role); BENCH_SERVICES (default 10,000);
// BENCH_IDLE_SECONDS (default 20); BENCH_CPU_PROF=DIR writes the server's CPU profile (node
// --cpu-prof) when it stops; BENCH_NODE_ARGS adds node options; BENCH_SERVER_OUTPUT=1 prints the
// server's output (its long-turn lines: bench/long-turn-profile.ts reads them with the profile).
import fs from "node:fs";
import os from "node:os";
import { benchRow, printSummaryTable, type TBenchRow } from "./bench-summary.ts";
import { SERVICES, readEventLoopDelay, startLargeOrganization, type TLargeOrganization } from "./large-organization.ts";
import { everyPage } from "./every-page.ts";
import { productionTuning } from "./production-tuning.ts";
import { ensureProductionBuild } from "@/scripts/ensure-production-build.ts";

const KIND = process.env.BENCH_DB === "postgres" ? "postgres" : "pglite";
const SERVICE_COUNT = Number(process.env.BENCH_SERVICES ?? SERVICES);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 20);
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF;
const LOOP_TARGET_MS = 50;

const load = () => os.loadavg()[0]?.toFixed(1) ?? "?";

/** The server's main thread's CPU time in ms (its schedstat: ns on a core); the probe's own request is in it. */
function mainThreadCpuMs(pid: number): number {
  return Number(fs.readFileSync(`/proc/${pid}/task/${pid}/schedstat`, "utf8").split(" ")[0]) / 1e6;
}

interface TVisit {
  what: string;
  status: number;
  ms: number;
  loopMaxMs: number;
  turnCpuMs: number;
  cpuMs: number;
  body: string;
}

/** The server's resident memory (VmRSS) in MB. */
function rssMb(pid: number): number {
  return Math.round(Number(/^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? Number.NaN) / 1024);
}

/** One request with the loop's window reset before it, read after it. */
async function measure(org: TLargeOrganization, what: string, request: () => Promise<Response>): Promise<TVisit> {
  await readEventLoopDelay(org.app.url, true);
  const cpuBefore = mainThreadCpuMs(org.app.pid);
  const begin = performance.now();
  const response = await request();
  const body = await response.text();
  const ms = performance.now() - begin;
  const cpuMs = mainThreadCpuMs(org.app.pid) - cpuBefore;
  const loop = await readEventLoopDelay(org.app.url, true);
  return { what, status: response.status, ms, loopMaxMs: loop.maxMs, turnCpuMs: loop.maxStretchCpuMs ?? Number.NaN, cpuMs, body };
}

async function main(): Promise<void> {
  await ensureProductionBuild();
  const tuning = productionTuning(KIND);
  const nodeArgs = [...tuning.nodeArgs, ...(process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? []), ...(CPU_PROF_DIR ? ["--cpu-prof", `--cpu-prof-dir=${CPU_PROF_DIR}`] : [])];
  console.log(`Server tuning: ${JSON.stringify({ env: tuning.env, nodeArgs })}`);
  const org = await startLargeOrganization(KIND, tuning.env, SERVICE_COUNT, { compiled: true, nodeArgs });
  const rows: TBenchRow[] = [];
  const what = (text: string) => `${text}, ${SERVICE_COUNT.toLocaleString("en-US")} services`;
  try {
    const spawnToHealthS = (Date.now() - org.app.startedAt) / 1000;
    const readyLine = /ready at \S+ \(([\d.]+) s\)/.exec(org.app.output());
    const readyS = readyLine ? Number(readyLine[1]) : Number.NaN;
    console.log(`Seeded ${SERVICE_COUNT} services on ${KIND} in ${org.seedSeconds.toFixed(1)} s; start: "ready" after ${readyS} s, first health answer ${spawnToHealthS.toFixed(1)} s after spawn; load average ${load()}`);

    await readEventLoopDelay(org.app.url, true);
    await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000)); // sleep: an idle window for the event-loop histogram
    const idle = await readEventLoopDelay(org.app.url, true);
    const idleRssMb = rssMb(org.app.pid);
    console.log(`Idle ${IDLE_SECONDS} s: event-loop max ${idle.maxMs} ms, most main-thread CPU in one turn ${idle.maxStretchCpuMs} ms; RSS ${idleRssMb} MB; load average ${load()}`);

    const bearer = { "content-type": "application/json", authorization: `Bearer ${org.token}` };
    const post = (path: string, body: unknown) => () => fetch(`${org.app.url}${path}`, { method: "POST", headers: bearer, body: JSON.stringify(body) });
    const deployBody = (version: string) => ({ service: "svc-1", environment: "production", version, requestedBy: "bench" });
    const incidentBody = { title: "Checkout errors after the 9.9.9 deploy", services: ["svc-1", "svc-2"] };
    const first: TVisit[] = [];
    const second: TVisit[] = [];
    const deploy = await measure(org, "POST /api/v1/deploy-requests", post("/api/v1/deploy-requests", deployBody("9.9.9")));
    const incident = await measure(org, "POST /api/v1/incidents", post("/api/v1/incidents", incidentBody));
    first.push(deploy, incident);
    second.push(
      await measure(org, "POST /api/v1/deploy-requests", post("/api/v1/deploy-requests", deployBody("9.9.10"))),
      await measure(org, "POST /api/v1/incidents", post("/api/v1/incidents", incidentBody)),
    );
    const idOf = (visit: TVisit) => (JSON.parse(visit.body) as { id: string }).id;
    const ids = { deployId: idOf(deploy), incidentId: idOf(incident) };

    const page = (path: string) => () => fetch(`${org.app.url}${path}`, { headers: { cookie: org.cookie }, redirect: "manual" });
    for (const path of everyPage(ids)) first.push(await measure(org, path, page(path)));
    for (const path of everyPage(ids)) second.push(await measure(org, path, page(path)));
    const visitedRssMb = rssMb(org.app.pid);

    console.log("\n| request | status | first: ms | loop max ms | most CPU in one turn ms | main-thread CPU ms | second: ms | loop max ms | most CPU in one turn ms | main-thread CPU ms |");
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    first.forEach((cold, i) => {
      const warm = second[i];
      const cells = (v: TVisit | undefined) => (v ? [v.ms.toFixed(0), v.loopMaxMs, v.turnCpuMs, v.cpuMs.toFixed(0)] : ["", "", "", ""]);
      console.log(`| ${cold.what} | ${cold.status} | ${[...cells(cold), ...cells(warm)].join(" | ")} |`);
    });
    const worst = (visits: TVisit[], key: "loopMaxMs" | "turnCpuMs") => visits.reduce((a, b) => (b[key] > a[key] ? b : a));
    const worstFirstLoop = worst(first, "loopMaxMs");
    const worstFirstCpu = worst(first, "turnCpuMs");
    const worstSecondLoop = worst(second, "loopMaxMs");
    rows.push(
      benchRow({ what: what(`start-up, spawn to "ready"`), database: KIND, value: readyS, unit: "s", note: `first /api/health answer ${spawnToHealthS.toFixed(1)} s after spawn (migrations, catalog check, Next, workers' modules); load average ${load()}` }),
      benchRow({ what: what("server RSS idle after start, and after every page twice"), database: KIND, value: idleRssMb, unit: "MB", note: `after every page ${visitedRssMb} MB` }),
      benchRow({ what: what(`event-loop delay max, idle ${IDLE_SECONDS} s after start`), database: KIND, value: idle.maxMs, unit: "ms", target: { op: "<=", value: LOOP_TARGET_MS }, note: `most main-thread CPU in one turn ${idle.maxStretchCpuMs} ms` }),
      benchRow({ what: what("event-loop delay max, first deploy request"), database: KIND, value: deploy.loopMaxMs, unit: "ms", target: { op: "<=", value: LOOP_TARGET_MS }, note: `most main-thread CPU in one turn ${deploy.turnCpuMs} ms; ${deploy.ms.toFixed(0)} ms wall` }),
      benchRow({ what: what("event-loop delay max, first visit of each page and request"), database: KIND, value: worstFirstLoop.loopMaxMs, unit: "ms", target: { op: "<=", value: LOOP_TARGET_MS }, note: `worst: ${worstFirstLoop.what}; load average ${load()}` }),
      benchRow({ what: what("most main-thread CPU in one turn, first visits"), database: KIND, value: worstFirstCpu.turnCpuMs, unit: "ms", target: { op: "<=", value: LOOP_TARGET_MS }, note: `worst: ${worstFirstCpu.what}` }),
      benchRow({ what: what("event-loop delay max, second visits"), database: KIND, value: worstSecondLoop.loopMaxMs, unit: "ms", target: { op: "<=", value: LOOP_TARGET_MS }, note: `worst: ${worstSecondLoop.what}` }),
    );
  } finally {
    await org.stop();
    if (process.env.BENCH_SERVER_OUTPUT === "1") console.log(`\nServer output:\n${org.app.output()}`);
  }
  printSummaryTable(`First visits after start (${KIND})`, rows);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
