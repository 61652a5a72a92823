// CPU per deploy decision, split between this (node) process and the Postgres backends
// serving the bench's database, for the decision's parts, in process (no HTTP): what
// bench/deploy-gate.bench.ts's "server CPU" and "Postgres CPU" per request are made of.
// 10 concurrent callers, BENCH_CALLS calls each per part, after a warm-up.
//
//   TEST_DATABASE_URL=postgres://… npx tsx bench/gate-decision-cpu.bench.ts
//
// BENCH_KEEP_DB=1 keeps the seeded database and prints its URL; BENCH_DB_URL=<that url>
// reuses it (no migration, no seeding) for the next run. BENCH_DEPTH=3 measures with the
// dependents rule at depth 3. BENCH_PARTS=health,read,decision picks the parts.
// BENCH_CONCURRENCY (default 10) sets the number of concurrent callers: 1 writes every
// decision alone (no group commit), as a lightly loaded gate does.
import os from "node:os";
import { createDeployRequest } from "@/server/gate/create-deploy-request.ts";
import { findGateServiceWithNeighbourhood } from "@/server/gate/gate.repository.ts";
import { savePolicyDocument } from "@/server/gate/save-policy-document.ts";
import { checkHealth } from "@/server/health/check-health.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { closeHandle, createHandle, getPrisma, setDbHandle } from "@/server/db/client.ts";
import { openTestDatabase } from "@/server/testing/test-databases.ts";
import { seedGateGraph, SERVICES } from "./seed-gate-graph.ts";
import { postgresBackendCpu } from "./postgres-backend-cpu.ts";
import { benchRow, printSummaryTable, type TBenchRow } from "./bench-summary.ts";

const CALLS = Number(process.env.BENCH_CALLS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
const DEPTH = Number(process.env.BENCH_DEPTH ?? 1);
const PARTS = new Set((process.env.BENCH_PARTS ?? "health,read,decision").split(","));

async function cpuPerCall(url: string, run: (n: number) => Promise<unknown>): Promise<{ nodeMs: number; postgresMs: number; perSecond: number }> {
  const database = new URL(url).pathname.slice(1);
  const dbBefore = await postgresBackendCpu(url, database);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let n = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = 0; i < CALLS; i += 1) await run((n += 1));
    }),
  );
  const elapsed = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const dbSeconds = (await postgresBackendCpu(url, database)).since(dbBefore);
  const calls = CALLS * CONCURRENCY;
  return { nodeMs: (cpu.user + cpu.system) / 1000 / calls, postgresMs: (dbSeconds * 1000) / calls, perSecond: calls / (elapsed / 1000) };
}

async function main(): Promise<void> {
  let url = process.env.BENCH_DB_URL ?? "";
  let close: () => Promise<void>;
  if (url) {
    const handle = createHandle({ kind: "postgres", url });
    setDbHandle(handle);
    close = () => closeHandle(handle);
  } else {
    const db = await openTestDatabase("postgres");
    url = db.url ?? "";
    close = process.env.BENCH_KEEP_DB ? () => closeHandle(db.handle) : db.close;
  }
  try {
    const organization = await upsertOrganization("default", "Bench");
    if (!process.env.BENCH_DB_URL) {
      await seedGateGraph(organization.id);
      await getPrisma().$executeRawUnsafe("ANALYZE");
      if (process.env.BENCH_KEEP_DB) console.log(`BENCH_DB_URL=${url}`);
    }
    const rules = `rules:\n  - name: dependents-out-of-slo\n    type: dependents_out_of_slo\n    depth: ${DEPTH}\n  - name: own-budget-exhausted\n    type: own_budget_exhausted\n`;
    const saved = await savePolicyDocument(organization.id, rules, { source: "ui", actor: "bench" });
    if (!saved.ok) throw new Error("bench policy invalid");
    const actor = { kind: "token" as const, tokenId: "bench", tokenName: "bench" };
    const slug = (n: number) => `svc-${((n * 7919) % SERVICES) + 1}`;
    const decide = (n: number) =>
      createDeployRequest(
        organization.id,
        { service: slug(n), environment: "production", version: `1.0.${n}`, requestedBy: "bench" },
        { idempotencyKey: null, actor, baseUrl: "http://bench" },
      );
    await cpuPerCall(url, decide); // warm up: JIT, prepared statements, the pool
    const parts: [string, (n: number) => Promise<unknown>][] = [
      ["health's database work (checkHealth)", () => checkHealth()],
      [`the decision's read (depth ${DEPTH})`, (n) => findGateServiceWithNeighbourhood(organization.id, slug(n), DEPTH)],
      [`whole decision (depth ${DEPTH})`, decide],
    ];
    const names = ["health", "read", "decision"];
    const rows: TBenchRow[] = [];
    for (const [index, [what, run]] of parts.entries()) {
      if (!PARTS.has(names[index] ?? "")) continue;
      const loadBefore = os.loadavg()[0] ?? 0;
      const result = await cpuPerCall(url, run);
      const note = `${result.perSecond.toFixed(0)} calls/s; load average ${loadBefore.toFixed(1)}→${(os.loadavg()[0] ?? 0).toFixed(1)}`;
      rows.push(
        benchRow({ what: `in-process, ${CONCURRENCY} concurrent: ${what}, node CPU per call`, database: "postgres", value: result.nodeMs, unit: "ms", note }),
        benchRow({ what: `in-process, ${CONCURRENCY} concurrent: ${what}, Postgres CPU per call`, database: "postgres", value: result.postgresMs, unit: "ms", note }),
      );
    }
    printSummaryTable("gate decision CPU, in process", rows);
  } finally {
    await close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
