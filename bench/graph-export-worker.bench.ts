// The full graph export at 10,000 services / 100,000 edges, in this process: read and
// serialized on the main thread (exportServiceGraph, as the route did before) against the
// route's path through the export's worker thread (openServiceGraphExport). For each: wall
// clock, this process's CPU (all threads), the main thread's busy time (event-loop
// utilization) and its event-loop delay
// (monitorEventLoopDelay max and p99) while it streams, and the load average.
//
//   export TEST_DATABASE_URL=$(cat /tmp/test-db-url)
//   npx tsx bench/graph-export-worker.bench.ts
//
// BENCH_DB=postgres (default; needs TEST_DATABASE_URL) or pglite (in memory, in its worker thread); BENCH_RUNS (default 2).
import os from "node:os";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { benchRow, printSummaryTable, type TBenchRow } from "./bench-summary.ts";
import { exportServiceGraph, openServiceGraphExport } from "@/server/graph/export-service-graph.ts";
import { GraphExportWorkerClient } from "@/server/graph/graph-export-worker-client.ts";
import { createHeavyReadAdmission } from "@/server/http/heavy-read-admission.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { LARGE_ORGANIZATION_SERVICES, seedLargeOrganization } from "@/server/testing/seed-large-organization.ts";
import { openTestDatabase } from "@/server/testing/test-databases.ts";

const KIND = process.env.BENCH_DB === "pglite" ? "pglite" : "postgres";
const RUNS = Number(process.env.BENCH_RUNS ?? 2);

interface TMeasure {
  path: string;
  bytes: number;
  wallMs: number;
  cpuMs: number;
  /** The main thread's event loop busy (event-loop utilization's active time): its share of the work. */
  mainBusyMs: number;
  loopMaxMs: number;
  loopP99Ms: number;
  load: string;
}

async function measure(path: string, run: () => Promise<number>): Promise<TMeasure> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  const cpu = process.cpuUsage();
  const elu = performance.eventLoopUtilization();
  const started = performance.now();
  histogram.enable();
  const bytes = await run();
  histogram.disable();
  const used = process.cpuUsage(cpu);
  const mainBusyMs = performance.eventLoopUtilization(elu).active;
  return {
    path,
    bytes,
    wallMs: performance.now() - started,
    cpuMs: (used.user + used.system) / 1000,
    mainBusyMs,
    loopMaxMs: histogram.max / 1e6,
    loopP99Ms: histogram.percentile(99) / 1e6,
    load: os.loadavg().map((l) => l.toFixed(1)).join(" "),
  };
}

async function main(): Promise<void> {
  const db = await openTestDatabase(KIND);
  const org = await upsertOrganization("export-bench", "Export Bench");
  const seeding = performance.now();
  await seedLargeOrganization(org.id);
  console.log(`Seeded ${LARGE_ORGANIZATION_SERVICES} services on ${KIND} in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
  const exporter = new GraphExportWorkerClient(db.handle);
  const results: TMeasure[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      results.push(
        await measure("main thread (exportServiceGraph)", async () => {
          let bytes = 0;
          const encoder = new TextEncoder();
          for await (const chunk of exportServiceGraph(org.id)) bytes += encoder.encode(chunk).byteLength;
          return bytes;
        }),
      );
      results.push(
        await measure("worker thread (the route's stream)", async () => {
          const admission = createHeavyReadAdmission({ limit: 1, queueLimit: 1, retryAfterSeconds: 2 });
          const slot = await admission.enter();
          if (!slot) throw new Error("no slot");
          const reader = (await openServiceGraphExport(org.id, slot, admission, exporter)).getReader();
          let bytes = 0;
          for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) bytes += chunk.value.byteLength;
          return bytes;
        }),
      );
    }
  } finally {
    await exporter.close();
    await db.close();
  }
  console.log(`\nFull export on ${KIND}, ${LARGE_ORGANIZATION_SERVICES} services, ${RUNS} runs each, alternating; ${os.cpus().length} cores.\n`);
  console.log("| path | MB | wall s | process CPU s (all threads) | main thread busy s | main event-loop max ms | main event-loop p99 ms | load average |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
  for (const r of results) {
    console.log(`| ${r.path} | ${(r.bytes / 1e6).toFixed(1)} | ${(r.wallMs / 1000).toFixed(1)} | ${(r.cpuMs / 1000).toFixed(1)} | ${(r.mainBusyMs / 1000).toFixed(1)} | ${r.loopMaxMs.toFixed(1)} | ${r.loopP99Ms.toFixed(1)} | ${r.load} |`);
  }
  const worst = (path: string) => Math.max(...results.filter((r) => r.path.startsWith(path)).map((r) => r.loopMaxMs));
  const rows: TBenchRow[] = [
    benchRow({ what: "main event-loop max while the export streams, main thread", database: KIND, value: worst("main"), unit: "ms", target: { op: "<=", value: 50 }, note: `load average ${os.loadavg()[0]?.toFixed(1)}` }),
    benchRow({ what: "main event-loop max while the export streams, worker thread", database: KIND, value: worst("worker"), unit: "ms", target: { op: "<=", value: 50 }, note: `load average ${os.loadavg()[0]?.toFixed(1)}` }),
  ];
  printSummaryTable("Graph export, main thread against worker thread", rows);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
