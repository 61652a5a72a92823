// Heavy-read fairness between organizations: one tenant (the 10,000-service organization)
// loads its /graph page in a loop on many connections while a second, small tenant opens
// its /services page on one connection. The heavy-read line (server/http/heavy-read-admission.ts)
// serves one large read at a time; the question is how long the second tenant waits and
// whether it is refused. Measured alone first, then beside the first tenant's loop, with
// GET /api/health in the same runs. Every load comes from its own process.
//
//   export TEST_DATABASE_URL=$(cat /tmp/test-db-url)
//   npx tsx bench/heavy-read-fairness.bench.ts
//
// BENCH_SECONDS (default 15); BENCH_NOISY_CONNECTIONS (default 12): the first tenant's connections.
import os from "node:os";
import { benchRow, printSummaryTable } from "./bench-summary.ts";
import { SERVICES, startLargeOrganization } from "./large-organization.ts";
import { loadFromSeparateProcess, loadGeneratorNiceNote, type TLoadResult } from "./load-generator.ts";
import { processGroupCpuSeconds } from "./process-group-cpu.ts";
import { productionTuning } from "./production-tuning.ts";
import { ensureProductionBuild } from "@/scripts/ensure-production-build.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { createSignedInMember } from "@/server/testing/test-accounts.ts";
import { seedLargeOrganization } from "@/server/testing/seed-large-organization.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const NOISY_CONNECTIONS = Number(process.env.BENCH_NOISY_CONNECTIONS ?? 12);
/** The second tenant: a small organization, so its own page is cheap and any wait is the line's. */
const QUIET_SERVICES = 300;

const load = () => os.loadavg().map((l) => l.toFixed(1)).join(" ");
const describe = (r: TLoadResult) => `${r.ok} ok, ${r.failed} refused/failed ${JSON.stringify(r.statuses)}, p50 ${r.p50} ms, p99 ${r.p99} ms`;

async function main(): Promise<void> {
  await ensureProductionBuild();
  const tuning = productionTuning("postgres");
  const org = await startLargeOrganization("postgres", tuning.env, SERVICES, { compiled: true, nodeArgs: tuning.nodeArgs });
  try {
    // The bench process still holds the database: the second tenant is seeded beside the first.
    const quiet = await upsertOrganization("quiet-tenant", "Quiet Tenant");
    await seedLargeOrganization(quiet.id, QUIET_SERVICES);
    const quietMember = await createSignedInMember(quiet.id, { role: "member" });
    const url = org.app.url;
    const quietPage = { url: `${url}/services`, headers: { cookie: quietMember.cookie }, connections: 1, duration: SECONDS, timeoutSeconds: 60 };
    const noisyGraph = { url: `${url}/graph`, headers: { cookie: org.cookie }, connections: NOISY_CONNECTIONS, duration: SECONDS + 2, timeoutSeconds: 60 };
    const health = { url: `${url}/api/health`, connections: 1, duration: SECONDS };
    for (const job of [quietPage, noisyGraph]) await (await fetch(job.url, { headers: job.headers })).arrayBuffer();

    const cpuAlone = processGroupCpuSeconds(org.app.pid);
    const [alone, healthAlone] = await Promise.all([loadFromSeparateProcess(quietPage), loadFromSeparateProcess(health)]);
    const aloneNote = `server CPU ${(processGroupCpuSeconds(org.app.pid) - cpuAlone).toFixed(1)} s; load average ${load()}`;
    const cpuLoaded = processGroupCpuSeconds(org.app.pid);
    const noisyRun = loadFromSeparateProcess(noisyGraph);
    const [beside, healthBeside] = await Promise.all([loadFromSeparateProcess(quietPage), loadFromSeparateProcess(health)]);
    const noisy = await noisyRun;
    const loadedNote = `server CPU ${(processGroupCpuSeconds(org.app.pid) - cpuLoaded).toFixed(1)} s; load average ${load()}`;

    console.log(`\nHeavy-read fairness on postgres: tenant A (${SERVICES} services) loads /graph on ${NOISY_CONNECTIONS} connections; tenant B (${QUIET_SERVICES} services) opens /services on 1; ${SECONDS} s; ${os.cpus().length} cores.\n`);
    console.log("| phase | tenant B /services | tenant A /graph | health | |");
    console.log("| --- | --- | --- | --- | --- |");
    console.log(`| B alone | ${describe(alone)} | | ${describe(healthAlone)} | ${aloneNote} |`);
    console.log(`| B beside A's loop | ${describe(beside)} | ${describe(noisy)} | ${describe(healthBeside)} | ${loadedNote} |`);

    printSummaryTable(`Heavy-read fairness, ${SERVICES.toLocaleString("en-US")}-service tenant beside a ${QUIET_SERVICES}-service one${loadGeneratorNiceNote()}`, [
      benchRow({ what: "tenant B /services p99 while tenant A loops /graph", database: "postgres", value: beside.p99, unit: "ms", note: `alone p99 ${alone.p99} ms; A's /graph p50 ${noisy.p50} ms; health p99 ${healthBeside.p99} ms in the same run; ${loadedNote}` }),
      benchRow({ what: "tenant B /services refused while tenant A loops /graph", database: "postgres", value: beside.failed, unit: "rows", target: { op: "<=", value: 0 }, note: `${beside.ok} served; A: ${noisy.ok} served, ${noisy.failed} refused` }),
    ]);
  } finally {
    await org.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
