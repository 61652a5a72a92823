// Initial sync of a large cluster: 20,000 workloads in 500 namespaces (issue 16's target:
// < 30 s), listed and watched through client-node from the fake API server, written into
// an embedded PGlite (memory) database, or a scratch Postgres database, by the same worker
// code `npm start` runs. Prints wall time, CPU, SQL statements and peak RSS after
// migrations (they run in a child process, see bench/migrate-in-child-process.ts).
//
//   node --import tsx bench/kubernetes-initial-sync.bench.ts [workloads] [namespaces]
//   BENCH_DATABASE_URL=postgres://… node --import tsx bench/kubernetes-initial-sync.bench.ts
import os from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import pino from "pino";
import { startFakeApiServer } from "@/integrations/kubernetes/fake-api-server/fake-api-server.ts";
import { deploymentFixture, namespaceFixture, withRolloutStatus } from "@/integrations/kubernetes/fake-api-server/workload-fixtures.ts";
import { loadClusters } from "@/integrations/kubernetes/load-clusters.ts";
import { closeHandle, setDbHandle } from "@/server/db/client.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { startClusterDiscovery } from "@/workers/kubernetes/cluster-discovery.ts";
import { benchRow, printSummaryTable } from "./bench-summary.ts";
import { openCountedHandle } from "./statement-log.ts";

const workloadCount = Number(process.argv[2] ?? 20_000);
const namespaceCount = Number(process.argv[3] ?? 500);
const mb = (kilobytes: number) => `${(kilobytes / 1024).toFixed(0)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

// Migrated in a child process with the wasm schema engine, as `npm start` migrates: that
// engine alone peaks at ~700 MB RSS and would hide what the sync itself costs.
const { handle, statements } = await openCountedHandle(process.env.BENCH_DATABASE_URL);
setDbHandle(handle);
const database = handle.config.kind;
const rssAfterDatabase = process.resourceUsage().maxRSS;
const organization = await upsertOrganization(`bench-k8s-${Date.now()}`, "Bench");

const server = await startFakeApiServer({ historyLimit: 100 });
const perNamespace = Math.ceil(workloadCount / namespaceCount);
for (let n = 0; n < namespaceCount; n++) {
  server.upsert("Namespace", namespaceFixture(`team-${n}`, { "plumbline.dev/owner": `team-${n}` }));
}
for (let index = 0; index < workloadCount; index++) {
  const namespace = `team-${Math.floor(index / perNamespace)}`;
  const name = `svc-${index}`;
  const created = server.upsert(
    "Deployment",
    deploymentFixture({ namespace, name, images: [`ghcr.io/acme/${name}:1.${index % 10}.0`, "ghcr.io/acme/sidecar:2.3.1"], replicas: 1 + (index % 3), revision: 1, labels: { "app.kubernetes.io/name": name } }),
  );
  server.upsert("Deployment", withRolloutStatus(created, "complete"));
}
const rssBefore = process.resourceUsage().maxRSS;
console.log(`fake API server: ${workloadCount} Deployments in ${namespaceCount} namespaces (peak RSS so far ${mb(rssBefore)})`);

const [connection] = loadClusters({ explicit: [{ name: "bench", server: server.url }] }).clusters;
if (connection === undefined) throw new Error("no connection");
statements.reset();
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const started = performance.now();
const cpuBefore = process.cpuUsage();
const discovery = await startClusterDiscovery({ organizationId: organization.id, connection, log: pino({ level: "warn" }), stateIntervalMs: 100 });
// Done when the cluster's row says "ok": set only once the catalog holds what the watcher listed.
// Polled with one indexed read every 100 ms: the clusters list (listClusters) counts every
// live workload, and at 20 ms it was a third of Postgres's work during the sync.
for (;;) {
  const cluster = await handle.prisma.cluster.findFirst({ where: { organizationId: organization.id }, select: { syncState: true } });
  if (cluster?.syncState === "ok") break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
const finished = performance.now();
const cpu = process.cpuUsage(cpuBefore);
loopDelay.disable();
const sql = statements.snapshot();
await discovery.idle();

const prisma = handle.prisma;
const [workloads, services, teams, events] = await Promise.all([
  prisma.workload.count({ where: { organizationId: organization.id, deletedAt: null } }),
  prisma.service.count({ where: { organizationId: organization.id } }),
  prisma.team.count({ where: { organizationId: organization.id } }),
  prisma.changeEvent.count({ where: { organizationId: organization.id } }),
]);
const { maxRSS } = process.resourceUsage();
console.log(`initial sync: ${seconds(finished - started)} wall time, from starting discovery until the catalog matched the cluster (${Math.round(workloadCount / ((finished - started) / 1000))} workloads/s)`);
console.log(`  ${sql.statements} statements (the 100 ms "is it ok yet" poll of this bench included), ${(sql.databaseMs / 1000).toFixed(1)} s in the database; slowest shapes:\n    ${sql.top.join("\n    ")}`);
console.log(`  rows: ${workloads} workloads, ${services} services, ${teams} teams, ${events} change events`);
console.log(
  `  peak RSS after migrations: ${mb(maxRSS)} (process.resourceUsage().maxRSS; migrations ran in a child process) — of which the migrated embedded PGlite alone: ${mb(rssAfterDatabase)}; before the sync, with the populated fake API server: ${mb(rssBefore)}`,
);

printSummaryTable("Kubernetes initial sync", [
  benchRow({
    what: `Kubernetes initial sync, ${workloadCount.toLocaleString("en-US")} workloads in ${namespaceCount} namespaces`,
    database,
    value: (finished - started) / 1000,
    unit: "s",
    target: { op: "<", value: 30 },
    note: `longest event-loop block ${(loopDelay.max / 1e6).toFixed(0)} ms; ${sql.statements} statements (${(sql.databaseMs / 1000).toFixed(1)} s of database time); CPU of this process (the fake API server, and with PGlite the database, included) ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; ${workloads} workloads, ${services} services, ${events} change events; load average ${os.loadavg()[0]?.toFixed(1)}; peak RSS ${mb(maxRSS)}`,
  }),
]);

await discovery.stop();
await server.close();
if (database === "postgres") await prisma.organization.delete({ where: { id: organization.id } });
await closeHandle(handle);
if (workloads !== workloadCount || services !== workloadCount || events !== workloadCount) {
  console.error("✖ the catalog does not match the cluster");
  process.exit(1);
}
process.exit(0);
