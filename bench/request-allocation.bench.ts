// What one request costs the web process's main thread, request kind by request kind, at
// 10,000 services / 100,000 edges on Postgres (web role, production start with the web
// Deployment's node options, as bench/isolation.bench.ts runs it): the bytes its JavaScript
// allocates (V8's sampling heap profiler over the inspector, keeping the objects that
// scavenges and mark-compacts collected, so the sum is what was allocated, not what was left),
// the main thread's CPU, the GC it caused (V8's --trace-gc lines: scavenges, mark-compacts and
// their pauses), the response's size and, for pages, the RSC payload's. Requests go one at a
// time from this process (no load: these are per-request costs, which a loaded and shared
// machine does not change much, unlike wall-clock figures). The frames that allocated most
// and a CPU profile of a second round say where the bytes and the time go, by module and by
// frame (resolved through the Next chunks' source maps).
//
//   export TEST_DATABASE_URL=$(cat /tmp/test-db-url)
//   npx tsx bench/request-allocation.bench.ts
//
// BENCH_REQUESTS (default 20 per kind), BENCH_KINDS (comma-separated titles' first word, e.g.
// "graph,services"), BENCH_NODE_ARGS adds node options to the server (A/B of V8 flags),
// BENCH_SERVER_OUTPUT=1 prints the server's output (e.g. with BENCH_NODE_ARGS=--trace-incremental-marking),
// BENCH_TOP (default 12) frames per kind, BENCH_DUMP_DIR writes each page's RSC payload and each kind's CPU profile there. Node 20 has WebSocket (for the inspector) only behind
// --experimental-websocket: the bench restarts itself with it.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import type { TCpuProfile } from "./cpu-profile-format.ts";
import { benchRow, printSummaryTable, type TBenchRow } from "./bench-summary.ts";
import { readEventLoopDelay, SERVICES, startLargeOrganization, type TEventLoopReading } from "./large-organization.ts";
import { printLongTurnReport, type TPhaseStart } from "./long-turns.ts";
import { productionTuning } from "./production-tuning.ts";
import { ensureProductionBuild } from "@/scripts/ensure-production-build.ts";
import { sourceMapOf } from "./chunk-source-maps.ts";

if (typeof WebSocket === "undefined") {
  const result = spawnSync(process.execPath, ["--experimental-websocket", ...process.execArgv, ...process.argv.slice(1)], { stdio: "inherit" });
  process.exit(result.status ?? 1);
}

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20);
const TOP = Number(process.env.BENCH_TOP ?? 12);
/** BENCH_DUMP_DIR: write each page's RSC payload there, to read what it carries, and each kind's CPU profile (for bench/cpu-profile-long-tasks.ts). */
const DUMP_DIR = process.env.BENCH_DUMP_DIR;
const KINDS = process.env.BENCH_KINDS?.split(",").map((k) => k.trim().toLowerCase());
/** One sample per 16 KB allocated on average (V8's default is 32 KB): enough samples for a 20-request run. */
const SAMPLING_INTERVAL = 16_384;
const TICKS_PER_SECOND = 100;

const load = () => os.loadavg().map((l) => l.toFixed(1)).join(" ");

interface TProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  selfSize: number;
  children: TProfileNode[];
}

/** A minimal Chrome DevTools protocol client over the server's inspector WebSocket. */
class Inspector {
  private next = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private constructor(private readonly socket: WebSocket) {
    socket.addEventListener("message", (event) => {
      const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } };
      const waiter = message.id === undefined ? undefined : this.pending.get(message.id);
      if (!waiter || message.id === undefined) return;
      this.pending.delete(message.id);
      if (message.error) waiter.reject(new Error(message.error.message));
      else waiter.resolve(message.result);
    });
  }
  static async connect(url: string): Promise<Inspector> {
    const socket = new WebSocket(url);
    await new Promise((resolve, reject) => {
      socket.addEventListener("open", resolve, { once: true });
      socket.addEventListener("error", () => reject(new Error(`cannot connect to the inspector at ${url}`)), { once: true });
    });
    return new Inspector(socket);
  }
  send<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.next++;
    this.socket.send(JSON.stringify({ id, method, params }));
    return new Promise((resolve, reject) => this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject }));
  }
  close(): void {
    this.socket.close();
  }
}

function mainThreadCpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/task/${pid}/stat`, "utf8");
  const after = fields.slice(fields.lastIndexOf(")") + 2).split(" ");
  return (Number(after[11]) + Number(after[12])) / TICKS_PER_SECOND;
}

interface TGcSummary {
  scavenges: number;
  scavengeMs: number;
  longestScavengeMs: number;
  markCompacts: number;
  markCompactMs: number;
  longestMarkCompactMs: number;
  /** What started each mark-compact, as V8 says at the end of the line (e.g. "external memory pressure"), and how often. */
  markCompactReasons: Record<string, number>;
}

const GC_LINE = /^\[\d+:(0x[0-9a-f]+)\]\s+(\d+) ms: (Scavenge|Mark-Compact)(?: \([^)]*\))? [\d.]+ \([\d.]+\) -> [\d.]+ \([\d.]+\) MB, ([\d.]+) \//m;

/** The main thread's isolate in --trace-gc lines: the first to collect (the export's worker threads start later and print their own). */
function mainIsolate(output: string): string | null {
  return GC_LINE.exec(output)?.[1] ?? null;
}

/**
 * The main thread's --trace-gc lines between two of its clock readings (ms since its isolate
 * started, which is what the lines print): V8 writes them with C's stdio, which a pipe buffers,
 * so where a line lands in the output says little about when it happened.
 */
function gcIn(text: string, isolate: string | null, from: number, to: number): TGcSummary {
  const summary: TGcSummary = { scavenges: 0, scavengeMs: 0, longestScavengeMs: 0, markCompacts: 0, markCompactMs: 0, longestMarkCompactMs: 0, markCompactReasons: {} };
  for (const line of text.split("\n")) {
    const gc = GC_LINE.exec(line);
    if (!gc || gc[1] !== isolate || Number(gc[2]) < from || Number(gc[2]) > to) continue;
    const pause = Number(gc[4]);
    if (gc[3] === "Scavenge") {
      summary.scavenges += 1;
      summary.scavengeMs += pause;
      summary.longestScavengeMs = Math.max(summary.longestScavengeMs, pause);
    } else {
      summary.markCompacts += 1;
      summary.markCompactMs += pause;
      summary.longestMarkCompactMs = Math.max(summary.longestMarkCompactMs, pause);
      const reason = line.replace(/^.*current mu = [\d.]+\)\s*/, "").replace(/;\s*$/, "").trim();
      summary.markCompactReasons[reason] = (summary.markCompactReasons[reason] ?? 0) + 1;
    }
  }
  return summary;
}


/** A frame as "function source:line" and the module it belongs to (our source file, a package, Node's internals or V8). */
function placeOf(frame: TProfileNode["callFrame"]): { frame: string; module: string } {
  const name = frame.functionName || "(anonymous)";
  if (frame.url === "") return { frame: name, module: name.startsWith("(") ? name : "(V8 builtins)" };
  if (frame.url.startsWith("node:")) return { frame: `${name} ${frame.url}:${frame.lineNumber + 1}`, module: "node: internals" };
  // CPU profiles name files by URL, sampling heap profiles by path.
  const url = frame.url.startsWith("/") ? `file://${frame.url}` : frame.url;
  // Only our bundles' maps (a package's own map would read as ours); Next's chunk names may contain "node_modules_".
  const found = url.startsWith("file:") && !url.includes("/node_modules/") ? sourceMapOf(url)?.findEntry(frame.lineNumber, frame.columnNumber) : undefined;
  // Node 20's typings leave findEntry's answer loose: an empty object when nothing maps.
  const entry = found as { originalSource?: string; originalLine?: number } | undefined;
  const source =
    typeof entry?.originalSource === "string"
      ? decodeURIComponent(entry.originalSource).replace(/^(\.\.\/)+/, "").replace(/^\[project\]\//, "")
      : url.replace(/^file:\/\//, "").replace(`${process.cwd()}/`, "");
  const line = typeof entry?.originalLine === "number" ? entry.originalLine + 1 : frame.lineNumber + 1;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(source)?.[1] ?? (source.startsWith("turbopack:") ? "turbopack" : null);
  return { frame: `${name} ${source}:${line}`, module: pkg ?? source };
}

interface TTally {
  total: number;
  frames: { frame: string; amount: number }[];
  modules: { module: string; amount: number }[];
}

function tally(entries: Iterable<{ callFrame: TProfileNode["callFrame"]; amount: number }>): TTally {
  const byFrame = new Map<string, number>();
  const byModule = new Map<string, number>();
  let total = 0;
  for (const { callFrame, amount } of entries) {
    if (amount <= 0) continue;
    const place = placeOf(callFrame);
    byFrame.set(place.frame, (byFrame.get(place.frame) ?? 0) + amount);
    byModule.set(place.module, (byModule.get(place.module) ?? 0) + amount);
    total += amount;
  }
  const sorted = <K extends string>(map: Map<string, number>, key: K) => [...map].map(([k, amount]) => ({ [key]: k, amount }) as Record<K, string> & { amount: number }).sort((a, b) => b.amount - a.amount);
  return { total, frames: sorted(byFrame, "frame"), modules: sorted(byModule, "module") };
}

/** Self bytes of a sampling heap profile, by frame and by module. */
function allocationTally(root: TProfileNode): TTally {
  const entries: { callFrame: TProfileNode["callFrame"]; amount: number }[] = [];
  const visit = (node: TProfileNode) => {
    entries.push({ callFrame: node.callFrame, amount: node.selfSize });
    for (const child of node.children) visit(child);
  };
  visit(root);
  return tally(entries);
}

/** Self time (µs) of a CPU profile, by frame and by module; idle and the program's own bookkeeping left out. */
function cpuTally(profile: TCpuProfile): TTally {
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0)));
  return tally(profile.nodes.filter((n) => !["(idle)", "(program)", "(root)"].includes(n.callFrame.functionName)).map((n) => ({ callFrame: { ...n.callFrame, columnNumber: n.callFrame.columnNumber ?? 0 }, amount: selfUs.get(n.id) ?? 0 })));
}

interface TKind {
  title: string;
  request: (i: number) => { path: string; init: RequestInit };
}

interface TKindResult {
  title: string;
  allocatedMb: number;
  cpuMs: number;
  wallMs: number;
  responseKb: number;
  rscKb: number | null;
  gc: TGcSummary;
  /** The server's event loop over the measured requests (one at a time): its max delay and the most CPU one turn used. */
  loop: TEventLoopReading;
  allocation: TTally;
  cpu: TTally;
  loadAverage: string;
}

async function main(): Promise<void> {
  await ensureProductionBuild();
  const tuning = productionTuning("postgres");
  const nodeArgs = [...tuning.nodeArgs, "--trace-gc", "--inspect=127.0.0.1:0", ...(process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? [])];
  const org = await startLargeOrganization("postgres", tuning.env, SERVICES, { compiled: true, nodeArgs });
  let stopped: Promise<void> | null = null;
  const stop = () => (stopped ??= org.stop());
  try {
    const inspectorUrl = /Debugger listening on (ws:\/\/\S+)/.exec(org.app.output())?.[1];
    if (!inspectorUrl) throw new Error(`the server printed no inspector address:\n${org.app.output().slice(0, 2000)}`);
    const inspector = await Inspector.connect(inspectorUrl);
    /** The server's clock in ms since its isolate started (--trace-gc's clock, within a few ms). */
    const serverClock = async () => (await inspector.send<{ result: { value: number } }>("Runtime.evaluate", { expression: "performance.now()", returnByValue: true })).result.value;
    const windows: { from: number; to: number }[] = [];
    console.log(`Seeded ${SERVICES} services in ${org.seedSeconds.toFixed(1)} s; production server pid ${org.app.pid} (${nodeArgs.join(" ")})`);
    const page = { cookie: org.cookie };
    const api = { authorization: `Bearer ${org.token}` };
    const json = { "content-type": "application/json", ...api };
    const allKinds: TKind[] = [
      { title: "GET /api/health", request: () => ({ path: "/api/health", init: {} }) },
      {
        title: "POST /api/v1/deploy-requests",
        request: (i) => ({
          path: "/api/v1/deploy-requests",
          init: { method: "POST", headers: json, body: JSON.stringify({ service: `svc-${((i * 7919) % SERVICES) + 1}`, environment: "production", version: `1.0.${i}`, requestedBy: "bench" }) },
        }),
      },
      { title: "/graph page", request: () => ({ path: "/graph", init: { headers: page } }) },
      { title: "/services page", request: () => ({ path: "/services", init: { headers: page } }) },
      { title: "GET /api/v1/graph/export", request: () => ({ path: "/api/v1/graph/export", init: { headers: api } }) },
    ];
    const kinds = allKinds.filter((k) => !KINDS || KINDS.some((wanted) => k.title.toLowerCase().includes(wanted)));

    // Warm up: every route's bundles load on first use, Prisma opens its pool.
    for (const kind of kinds) for (let i = 0; i < 3; i++) await (await fetch(`${org.app.url}${kind.request(i).path}`, kind.request(i).init)).arrayBuffer();

    const results: TKindResult[] = [];
    for (const kind of kinds) {
      // The RSC payload alone (what a client navigation downloads), for pages.
      let rscKb: number | null = null;
      if (kind.title.endsWith("page")) {
        const { path, init } = kind.request(0);
        const rsc = await fetch(`${org.app.url}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), rsc: "1" } });
        const payload = await rsc.arrayBuffer();
        rscKb = payload.byteLength / 1024;
        if (DUMP_DIR) fs.writeFileSync(`${DUMP_DIR}/${kind.title.replace(/\W+/g, "-")}.rsc`, Buffer.from(payload));
      }
      // No forced full GC between kinds (HeapProfiler.collectGarbage): V8 sets the next old-generation
      // limit tightly after one (16 MB above the live heap, measured), which would make the next kind's
      // mark-compacts several times more frequent than in steady traffic.
      await inspector.send("HeapProfiler.enable");
      await readEventLoopDelay(org.app.url, true);
      const from = await serverClock();
      await inspector.send("HeapProfiler.startSampling", { samplingInterval: SAMPLING_INTERVAL, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
      const cpuBefore = mainThreadCpuSeconds(org.app.pid);
      const started = performance.now();
      let bytes = 0;
      for (let i = 0; i < REQUESTS; i++) {
        const { path, init } = kind.request(i + 10);
        const response = await fetch(`${org.app.url}${path}`, init);
        const body = await response.arrayBuffer();
        if (!response.ok) throw new Error(`${kind.title}: ${response.status} ${new TextDecoder().decode(body.slice(0, 300))}`);
        bytes += body.byteLength;
      }
      const wallMs = (performance.now() - started) / REQUESTS;
      const cpuMs = ((mainThreadCpuSeconds(org.app.pid) - cpuBefore) * 1000) / REQUESTS;
      const to = await serverClock();
      const loop = await readEventLoopDelay(org.app.url, true);
      const { profile } = await inspector.send<{ profile: { head: TProfileNode } }>("HeapProfiler.stopSampling");
      windows.push({ from, to });
      const allocation = allocationTally(profile.head);
      // Where the CPU goes: a second round of the same requests under the CPU profiler (its sampling would inflate the CPU figure above).
      await inspector.send("Profiler.enable");
      await inspector.send("Profiler.setSamplingInterval", { interval: 200 });
      await inspector.send("Profiler.start");
      for (let i = 0; i < REQUESTS; i++) {
        const { path, init } = kind.request(i + 10 + REQUESTS);
        await (await fetch(`${org.app.url}${path}`, init)).arrayBuffer();
      }
      const { profile: cpuProfile } = await inspector.send<{ profile: TCpuProfile }>("Profiler.stop");
      if (DUMP_DIR) fs.writeFileSync(`${DUMP_DIR}/${kind.title.replace(/\W+/g, "-")}.cpuprofile`, JSON.stringify(cpuProfile));
      results.push({ title: kind.title, allocatedMb: allocation.total / REQUESTS / 1e6, cpuMs, wallMs, responseKb: bytes / REQUESTS / 1024, rscKb, gc: gcIn("", null, 0, 0), loop, allocation, cpu: cpuTally(cpuProfile), loadAverage: load() });
    }
    inspector.close();
    // The server's stdio buffers flush as it exits: its GC lines are complete only then.
    await stop();
    const isolate = mainIsolate(org.app.output());
    results.forEach((r, i) => (r.gc = gcIn(org.app.output(), isolate, windows[i]?.from ?? 0, windows[i]?.to ?? 0)));
    // The server's long-turn lines (PLUMBLINE_DEBUG_EVENT_LOOP) in each kind's measured round: the turns ≥ 30 ms and what overlapped them.
    const phases: TPhaseStart[] = results.flatMap((r, i) => [
      { name: r.title, from: windows[i]?.from ?? 0 },
      // The profiled round's turns include the profiler's own: stopping it serializes the profile on the main thread (100-200 ms, and a mark-compact).
      { name: `after ${r.title} (its CPU-profiled round and the profile's transfer: not the requests' turns)`, from: windows[i]?.to ?? 0 },
    ]);

    console.log(`\nPer request, ${REQUESTS} requests of each kind one at a time, ${SERVICES} services on Postgres, web role (${nodeArgs.join(" ")}); ${os.cpus().length} cores.\n`);
    console.log("| request | allocated MB | main-thread CPU ms | wall ms | response KB | RSC payload KB | scavenges (total / longest ms) | mark-compacts (total / longest ms) | event-loop max ms | most CPU in one turn ms | load average |");
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
    for (const r of results) {
      const g = r.gc;
      console.log(
        `| ${r.title} | ${r.allocatedMb.toFixed(2)} | ${r.cpuMs.toFixed(1)} | ${r.wallMs.toFixed(1)} | ${r.responseKb.toFixed(1)} | ${r.rscKb === null ? "-" : r.rscKb.toFixed(1)} | ` +
          `${g.scavenges} (${g.scavengeMs.toFixed(0)} / ${g.longestScavengeMs.toFixed(1)}) | ${g.markCompacts} (${g.markCompactMs.toFixed(0)} / ${g.longestMarkCompactMs.toFixed(1)}) | ${r.loop.maxMs} | ${r.loop.maxStretchCpuMs ?? "-"} | ${r.loadAverage} |`,
      );
    }
    console.log("\nWhat started the mark-compacts (V8's reason):");
    for (const r of results) console.log(`  ${r.title}: ${Object.entries(r.gc.markCompactReasons).map(([reason, n]) => `${n}× ${reason}`).join("; ") || "none"}`);
    for (const r of results) {
      console.log(`\n${r.title}, per request: allocated by module (self KB) | CPU by module (self ms, profiled round)\n`);
      for (let i = 0; i < TOP; i++) {
        const a = r.allocation.modules[i];
        const c = r.cpu.modules[i];
        console.log(`  ${a ? `${(a.amount / REQUESTS / 1024).toFixed(0).padStart(6)} KB ${a.module}`.padEnd(70) : "".padEnd(70)} | ${c ? `${(c.amount / REQUESTS / 1000).toFixed(2).padStart(6)} ms ${c.module}` : ""}`);
      }
      console.log(`\n${r.title}, per request: the frames that allocated most (self KB) | that ran most (self ms)\n`);
      for (let i = 0; i < TOP; i++) {
        const a = r.allocation.frames[i];
        const c = r.cpu.frames[i];
        console.log(`  ${a ? `${(a.amount / REQUESTS / 1024).toFixed(0).padStart(6)} KB ${a.frame}`.padEnd(100) : "".padEnd(100)} | ${c ? `${(c.amount / REQUESTS / 1000).toFixed(2).padStart(6)} ms ${c.frame}` : ""}`);
      }
    }
    const rows: TBenchRow[] = results.map((r) =>
      benchRow({
        what: `allocated per request, ${r.title}`,
        database: "postgres",
        value: Math.round(r.allocatedMb * 100) / 100,
        unit: "MB",
        note: `main-thread CPU ${r.cpuMs.toFixed(1)} ms; ${r.gc.scavenges} scavenges, ${r.gc.markCompacts} mark-compacts in ${REQUESTS}; load average ${r.loadAverage}`,
      }),
    );
    if (process.env.BENCH_SERVER_OUTPUT === "1") console.log(`\nServer output:\n${org.app.output()}`);
    console.log("\nEvent-loop turns ≥ 30 ms of the server, by request kind (one request at a time):\n");
    printLongTurnReport(org.app.output(), phases, 10);
    printSummaryTable(`Per-request allocation, ${SERVICES.toLocaleString("en-US")} services`, rows);
  } finally {
    await stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
