// The gate's re-evaluation (the second half of each SLO cycle, once a minute): every pending
// deploy request, up to 500 per organization, judged again on current facts. On the gate bench's
// organization (bench/seed-gate-graph.ts: 10,000 services, 100,000 edges, an SLO on a third, 5 %
// of them breached) with 500 pending requests, made by the gate itself under the default policy.
// Three passes: the first look at each request, then two with nothing changed since, which is
// what a real cycle finds nearly always. Each pass: wall time, the statements sent, and the
// deploy-request rows written.
//
//   BENCH_DB=pglite npx tsx bench/gate-reevaluation.bench.ts
//   TEST_DATABASE_URL=postgres://… BENCH_DB=postgres npx tsx bench/gate-reevaluation.bench.ts
import { createDeployRequest } from "@/server/gate/create-deploy-request.ts";
import { reevaluateAllPendingDeployRequests } from "@/server/gate/reevaluate-deploy-requests.ts";
import { getPrisma } from "@/server/db/client.ts";
import { benchRow, printSummaryTable, type TBenchRow } from "./bench-summary.ts";
import { SERVICES } from "./seed-gate-graph.ts";
import { openCountedGateOrganization } from "./counted-gate-organization.ts";

const KIND = process.env.BENCH_DB === "postgres" ? "postgres" : "pglite";
const PENDING = 500;
const PASSES = 3;

async function main(): Promise<void> {
  const { organizationId, statements, close } = await openCountedGateOrganization(KIND);
  const organization = { id: organizationId };
  const rows: TBenchRow[] = [];
  try {
    const actor = { kind: "token" as const, tokenId: "bench", tokenName: "bench" };
    let asked = 0;
    const pending = () => getPrisma().deployRequest.count({ where: { organizationId: organization.id, status: "pending" } });
    const madeFrom = performance.now();
    while ((await pending()) < PENDING && asked < 20 * PENDING) {
      await Promise.all(
        Array.from({ length: 50 }, () => {
          asked += 1;
          return createDeployRequest(
            organization.id,
            { service: `svc-${((asked * 7919) % SERVICES) + 1}`, environment: "production", version: `1.0.${asked}`, requestedBy: "bench" },
            { idempotencyKey: null, actor, baseUrl: "http://bench" },
          );
        }),
      );
    }
    const pendingCount = await pending();
    console.log(`${KIND}: ${pendingCount} pending of ${asked} decisions in ${((performance.now() - madeFrom) / 1000).toFixed(1)} s`);
    for (let pass = 1; pass <= PASSES; pass += 1) {
      const now = new Date(Date.now() + pass * 60_000);
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      statements.reset();
      const result = await reevaluateAllPendingDeployRequests(now, "bench");
      const ms = performance.now() - started;
      const sent = statements.snapshot();
      const cpu = process.cpuUsage(cpuBefore);
      const what = pass === 1 ? "first look at each request" : "nothing changed since the last pass";
      rows.push(
        benchRow({
          what: `re-evaluation of ${pendingCount} pending requests, pass ${pass} (${what})`,
          database: KIND,
          value: ms,
          unit: "ms",
          note: `${result.reevaluated} re-evaluated, ${result.changed} changed, ${result.approvedByGate} approved by the gate; ${sent.statements} statements through Prisma (${sent.databaseMs.toFixed(0)} ms in the database); process CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms`,
        }),
      );
      console.log(`pass ${pass}: ${ms.toFixed(0)} ms; top statements:\n  ${sent.top.join("\n  ")}`);
    }
  } finally {
    await close();
  }
  printSummaryTable("gate re-evaluation, in process, 10,000 services", rows);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
