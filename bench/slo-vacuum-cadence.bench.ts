// Does the SLO cycle still need its own VACUUM "Slo" now that the embedded database has a
// periodic maintenance job (server/db/embedded-maintenance.ts)? 10,000 SLOs on an in-memory
// PGlite, BENCH_CYCLES SLO cycles (telemetry moved before each, as live telemetry does), and
// the maintenance job every BENCH_MAINTENANCE_EVERY cycles (5: the default 5 min against
// the SLO worker's minute). BENCH_SLO_VACUUM=per-cycle ends each cycle with the SLO
// module's own step (server/slo), =none leaves Slo to the periodic job alone.
//
//   BENCH_SLO_VACUUM=none npx tsx bench/slo-vacuum-cadence.bench.ts
import os from "node:os";
import pino from "pino";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { setDbHandle, type DbHandle } from "@/server/db/client.ts";
import { PrismaClient } from "@/server/db/generated/client.ts";
import { runEmbeddedMaintenance } from "@/server/db/embedded-maintenance.ts";
import { tableTotalBytes } from "@/server/db/embedded-maintenance.repository.ts";
import { evaluateAllSlos } from "@/server/slo/evaluate-all-slos.ts";
import { evaluateOrganizationSlos } from "@/server/slo/evaluate-organization-slos.ts";
import { benchRow, printSummaryTable } from "./bench-summary.ts";
import { openMigratedMemoryPGlite } from "./migrate-in-child-process.ts";

const SLOS = 10_000;
const CYCLES = Number(process.env.BENCH_CYCLES ?? 10);
const MAINTENANCE_EVERY = Number(process.env.BENCH_MAINTENANCE_EVERY ?? 5);
const PER_CYCLE = process.env.BENCH_SLO_VACUUM !== "none";

const pglite = await openMigratedMemoryPGlite();
const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
setDbHandle({ prisma, config: { kind: "pglite", dataDir: "memory://" }, pglite } as DbHandle);
const org = await prisma.organization.create({ data: { slug: `bench-${Date.now()}`, name: "SLO vacuum bench" }, select: { id: true } });
const services = SLOS / 2;
const now = new Date();
await prisma.$executeRawUnsafe(
  `INSERT INTO "Service" ("id", "organizationId", "slug", "name", "updatedAt") SELECT 'svc-' || i, $1, 'service-' || i, 'Service ' || i, now() FROM generate_series(1, $2::int) AS i`,
  org.id,
  services,
);
await prisma.$executeRawUnsafe(
  `INSERT INTO "Slo" ("id", "organizationId", "serviceId", "name", "kind", "objective", "latencyThresholdMs", "status", "evaluatedAt", "statusSince", "updatedAt")
   SELECT 'slo-' || i || '-' || k, $1, 'svc-' || i, k, k::"SloKind", CASE WHEN k = 'latency' THEN 99 ELSE 99.9 END,
          CASE WHEN k = 'latency' THEN 250 ELSE NULL END, 'healthy'::"SloStatus", now() - interval '1 minute', now() - interval '1 day', now()
   FROM generate_series(1, $2::int) AS i, unnest(ARRAY['availability', 'latency']) AS k`,
  org.id,
  services,
);
await prisma.$executeRawUnsafe(
  `INSERT INTO "ServiceTelemetry" ("id", "organizationId", "serviceId", "window", "totalEvents", "goodEvents", "latencyGood", "measuredAt")
   SELECT 'tel-' || i || '-' || w, $1, 'svc-' || i, w, 100000, 99990, '{"100": 90000, "250": 99980, "500": 99990}'::jsonb, $2::timestamptz
   FROM generate_series(1, $3::int) AS i, unnest(ARRAY['5m', '30m', '1h', '2h', '6h', '1d', '3d', '28d']) AS w`,
  org.id,
  now.toISOString(),
  services,
);

const log = pino({ level: "warn" });
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const sizes: string[] = [];
let evaluationCpuMs = 0;
let maintenanceMs = 0;
let longestStepMs = 0;
console.log(`${SLOS} SLOs, ${CYCLES} cycles, SLO's own vacuum: ${PER_CYCLE ? "every cycle" : "none"}, maintenance every ${MAINTENANCE_EVERY} cycles; Slo at start ${mb(await tableTotalBytes("public", "Slo"))} MB`);
for (let cycle = 1; cycle <= CYCLES; cycle++) {
  const at = new Date(now.getTime() + cycle * 60_000);
  await prisma.$executeRawUnsafe(`UPDATE "ServiceTelemetry" SET "totalEvents" = "totalEvents" + 1, "measuredAt" = $2::timestamptz WHERE "organizationId" = $1`, org.id, at.toISOString());
  const cpu = process.cpuUsage();
  // evaluateAllSlos ends with the SLO module's own vacuum step; one organization's evaluation alone does not.
  if (PER_CYCLE) await evaluateAllSlos(at);
  else await evaluateOrganizationSlos(org.id, at);
  const used = process.cpuUsage(cpu);
  evaluationCpuMs += (used.user + used.system) / 1000;
  let note = "";
  if (cycle % MAINTENANCE_EVERY === 0) {
    const result = await runEmbeddedMaintenance({ log });
    if (result.ran) {
      maintenanceMs += result.steps.reduce((sum, s) => sum + s.ms, 0);
      longestStepMs = Math.max(longestStepMs, ...result.steps.map((s) => s.ms));
      note = ` maintenance: ${result.steps.map((s) => `${s.action} ${s.table} ${s.ms} ms`).join(", ")}`;
    }
  }
  const slo = await tableTotalBytes("public", "Slo");
  sizes.push(mb(slo));
  console.log(`cycle ${cycle}: Slo ${mb(slo)} MB, ServiceTelemetry ${mb(await tableTotalBytes("public", "ServiceTelemetry"))} MB, cycle CPU ${((used.user + used.system) / 1000).toFixed(0)} ms${note}`);
}
const label = PER_CYCLE ? "VACUUM Slo every cycle + maintenance" : "maintenance only";
printSummaryTable("Slo table size by vacuum cadence", [
  benchRow({ what: `Slo size after ${CYCLES} cycles (${label})`, database: "pglite", value: Number(sizes.at(-1)), unit: "MB", note: `per cycle: ${sizes.join(" → ")}` }),
  benchRow({ what: `SLO evaluation CPU per cycle (${label})`, database: "pglite", value: Math.round(evaluationCpuMs / CYCLES), unit: "ms", note: `load ${os.loadavg()[0]?.toFixed(1)}` }),
  benchRow({ what: `maintenance job, all steps (${label})`, database: "pglite", value: Math.round(maintenanceMs), unit: "ms", note: `longest step ${longestStepMs} ms` }),
]);
await prisma.$disconnect();
await pglite.close();
process.exit(0);
