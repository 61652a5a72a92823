// The mesh tables' size on the embedded database over many ingest cycles, with and without
// the maintenance job (server/db/embedded-maintenance.ts). BENCH_SERVICES services (default
// 2,000) with ten calls each from the demo simulator, ingested through
// server/telemetry/ingest-mesh-telemetry.ts as the worker does, BENCH_CYCLES cycles 15 s
// apart (simulated); the maintenance job every BENCH_MAINTENANCE_EVERY cycles (0: never;
// 20 is the default 5 min against the mesh's 15 s).
//
//   BENCH_MAINTENANCE_EVERY=0 npx tsx bench/mesh-table-growth.bench.ts
import os from "node:os";
import pino from "pino";
import { createDemoClock } from "@/domain/demo/demo-clock.ts";
import type { TDemoTopology } from "@/domain/demo/build-demo-mesh-model.ts";
import { seededUnit } from "@/domain/demo/seeded-unit.ts";
import { telemetryWindows } from "@/domain/telemetry/telemetry-windows.ts";
import { closeHandle, createHandle, migrationAdapterFor, setDbHandle } from "@/server/db/client.ts";
import { runEmbeddedMaintenance } from "@/server/db/embedded-maintenance.ts";
import { tableTotalBytes } from "@/server/db/embedded-maintenance.repository.ts";
import { applyMigrations } from "@/server/db/migrations.ts";
import { createTelemetrySimulator } from "@/server/demo/telemetry-simulator.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { ingestMeshTelemetry } from "@/server/telemetry/ingest-mesh-telemetry.ts";
import { benchRow, printSummaryTable } from "./bench-summary.ts";

const SERVICES = Number(process.env.BENCH_SERVICES ?? 2_000);
const CALLS_PER_SERVICE = 10;
const CYCLES = Number(process.env.BENCH_CYCLES ?? 24);
const MAINTENANCE_EVERY = Number(process.env.BENCH_MAINTENANCE_EVERY ?? 6);
const TABLES = ["Edge", "ServiceTelemetry", "TelemetryCoverageEndpoint"];

/** Each service calls ten others further down (a layered graph, deterministic). */
function topology(): TDemoTopology {
  const services = Array.from({ length: SERVICES }, (_, i) => ({ slug: `svc-${i}`, ownerTeamSlug: `team-${i % 20}`, tier: 1 + (i % 3) }));
  const edges: { callerSlug: string; calleeSlug: string }[] = [];
  for (let caller = 0; caller < SERVICES - CALLS_PER_SERVICE; caller++) {
    const callees = new Set<number>();
    for (let k = 0; callees.size < CALLS_PER_SERVICE; k++) callees.add(caller + 1 + Math.floor(seededUnit(1, `edge-${caller}`, k) * (SERVICES - caller - 1)));
    for (const callee of callees) edges.push({ callerSlug: `svc-${caller}`, calleeSlug: `svc-${callee}` });
  }
  return { services, edges };
}

async function main(): Promise<void> {
  const handle = createHandle({ kind: "pglite", dataDir: "memory://" });
  await applyMigrations(migrationAdapterFor(handle));
  setDbHandle(handle);
  try {
    const org = await upsertOrganization(`bench-${Date.now()}`, "Mesh table growth");
    await handle.prisma.team.createMany({ data: Array.from({ length: 20 }, (_, i) => ({ organizationId: org.id, slug: `team-${i}`, name: `Team ${i}` })) });
    await handle.prisma.service.createMany({ data: Array.from({ length: SERVICES }, (_, i) => ({ organizationId: org.id, slug: `svc-${i}`, name: `Service ${i}`, tier: 1 + (i % 3) })) });
    const graph = topology();
    const source = createTelemetrySimulator({
      organizationId: org.id,
      clock: createDemoClock(new Date(), 1),
      latencyThresholdsMs: [100, 250],
      loadTopology: async () => ({ ...graph, organizationCreatedAt: new Date() }),
    });
    const windows = telemetryWindows();
    const log = pino({ level: "warn" });
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    const sizes = async () => Promise.all(TABLES.map((table) => tableTotalBytes("public", table)));
    const history: number[][] = [];
    let maintenanceMs = 0;
    let longestStepMs = 0;
    let ingestCpuMs = 0;
    console.log(`${SERVICES} services, ${graph.edges.length} calls, ${CYCLES} cycles, maintenance every ${MAINTENANCE_EVERY || "—"} cycles`);
    let now = new Date();
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      const cpu = process.cpuUsage();
      await ingestMeshTelemetry(org.id, source, now, { windows });
      const used = process.cpuUsage(cpu);
      ingestCpuMs += (used.user + used.system) / 1000;
      now = new Date(now.getTime() + 15_000);
      let note = "";
      if (MAINTENANCE_EVERY > 0 && cycle % MAINTENANCE_EVERY === 0) {
        const result = await runEmbeddedMaintenance({ log });
        if (result.ran) {
          maintenanceMs += result.steps.reduce((sum, s) => sum + s.ms, 0);
          longestStepMs = Math.max(longestStepMs, ...result.steps.map((s) => s.ms));
          note = `  maintenance: ${result.steps.map((s) => `${s.action} ${s.table.replace("public.", "")} ${s.ms} ms`).join(", ")}`;
        }
      }
      const now_ = await sizes();
      history.push(now_);
      console.log(`cycle ${cycle}: ${TABLES.map((t, i) => `${t} ${mb(now_[i] ?? 0)} MB`).join(", ")}, ingest CPU ${((used.user + used.system) / 1000).toFixed(0)} ms${note}`);
    }
    const label = MAINTENANCE_EVERY > 0 ? `maintenance every ${MAINTENANCE_EVERY} cycles` : "no maintenance";
    printSummaryTable(`Mesh tables on the embedded database, ${CYCLES} cycles`, [
      ...TABLES.map((table, i) =>
        benchRow({
          what: `${table} after ${CYCLES} cycles (${label})`,
          database: "pglite",
          value: Number(mb(history.at(-1)?.[i] ?? 0)),
          unit: "MB",
          note: `every 4th cycle: ${history.filter((_, c) => c % 4 === 3).map((h) => mb(h[i] ?? 0)).join(" → ")}`,
        }),
      ),
      benchRow({ what: `mesh ingest CPU per cycle (${label})`, database: "pglite", value: Math.round(ingestCpuMs / CYCLES), unit: "ms", note: `load ${os.loadavg()[0]?.toFixed(1)}` }),
      benchRow({ what: `maintenance, all statements (${label})`, database: "pglite", value: Math.round(maintenanceMs), unit: "ms", note: `longest statement ${longestStepMs} ms` }),
    ]);
  } finally {
    await closeHandle(handle);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
