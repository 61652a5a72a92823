// Where a deploy decision's time goes, without HTTP: on the gate bench's organization
// (bench/seed-gate-graph.ts, Postgres), 10 concurrent callers for a few seconds each of
//
// - the health check's database work (checkHealth: one ping),
// - the API rate limit's counter (ApiRateLimiter.take on one token, as every API call does),
// - a whole decision (createDeployRequest: policies, neighbourhood, SLO facts, deciders,
//   and the transaction writing request, approvals, history and outbox),
//
// so the HTTP bench's gap (bench/deploy-gate.bench.ts) can be read against the work itself.
//
//   TEST_DATABASE_URL=postgres://… node --import tsx bench/gate-decision.bench.ts
import { createDeployRequest } from "@/server/gate/create-deploy-request.ts";
import { gatherGateFacts } from "@/server/gate/gather-gate-facts.ts";
import { getActivePolicies } from "@/server/gate/policy-document.ts";
import { checkHealth } from "@/server/health/check-health.ts";
import { getApiRateLimiters } from "@/server/http/api-rate-limit.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { getPrisma } from "@/server/db/client.ts";
import { openTestDatabase } from "@/server/testing/test-databases.ts";
import { benchRow, printSummaryTable, type TBenchRow } from "./bench-summary.ts";
import { seedGateGraph, SERVICES } from "./seed-gate-graph.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = 10;

async function load(run: (n: number) => Promise<unknown>): Promise<{ perSecond: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  const deadline = performance.now() + SECONDS * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        const started = performance.now();
        await run((n += 1));
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return { perSecond: latencies.length / SECONDS, p50: at(0.5), p99: at(0.99) };
}

async function main(): Promise<void> {
  const db = await openTestDatabase("postgres");
  const rows: TBenchRow[] = [];
  try {
    const organization = await upsertOrganization("default", "Bench");
    await seedGateGraph(organization.id);
    await getPrisma().$executeRawUnsafe("ANALYZE");
    const limiter = getApiRateLimiters({ tokenPerMinute: 100_000_000, sessionPerMinute: 100_000_000 }).token;
    const actor = { kind: "token" as const, tokenId: "bench", tokenName: "bench" };
    const decide = (n: number) =>
      createDeployRequest(
        organization.id,
        { service: `svc-${((n * 7919) % SERVICES) + 1}`, environment: "production", version: `1.0.${n}`, requestedBy: "bench" },
        { idempotencyKey: null, actor, baseUrl: "http://bench" },
      );
    await load(decide); // warm up
    for (const [what, run] of [
      ["health check's database work (checkHealth)", () => checkHealth()],
      ["API rate-limit counter (one token)", () => limiter.take("bench-token")],
      ["the decision's reads (policies + gatherGateFacts)", async (n: number) => {
        const policies = await getActivePolicies(organization.id);
        return gatherGateFacts(organization.id, policies.policies, { service: `svc-${((n * 7919) % SERVICES) + 1}`, environment: "production" });
      }],
      ["deploy decision (createDeployRequest, default policy)", decide],
    ] as const) {
      const result = await load(run);
      rows.push(benchRow({ what: `in-process, ${CONCURRENCY} concurrent: ${what}`, database: "postgres", value: result.perSecond, unit: "req/s", note: `p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms` }));
    }
  } finally {
    await db.close();
  }
  printSummaryTable("gate decision, in process", rows);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
