// Initial sync of a large cluster: 5,000 workloads in 500 namespaces, listed and watched
// through client-node from the fake API server, written into an embedded PGlite (memory)
// database by the same worker code `npm start` runs. Prints wall time and peak RSS after
// migrations (they run in a child process, see bench/migrate-in-child-process.ts).
//
//   node --import tsx bench/kubernetes-initial-sync.bench.ts [workloads] [namespaces]
import os from "node:os";
import pino from "pino";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { startFakeApiServer } from "@/integrations/kubernetes/fake-api-server/fake-api-server.ts";
import { deploymentFixture, namespaceFixture, withRolloutStatus } from "@/integrations/kubernetes/fake-api-server/workload-fixtures.ts";
import { loadClusters } from "@/integrations/kubernetes/load-clusters.ts";
import { closeHandle, setDbHandle, type DbHandle } from "@/server/db/client.ts";
import { PrismaClient } from "@/server/db/generated/client.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { listClusters } from "@/server/workloads/list-clusters.ts";
import { startClusterDiscovery } from "@/workers/kubernetes/cluster-discovery.ts";
import { benchRow, printSummaryTable } from "./bench-summary.ts";
import { openMigratedMemoryPGlite } from "./migrate-in-child-process.ts";

const workloadCount = Number(process.argv[2] ?? 5000);
const namespaceCount = Number(process.argv[3] ?? 500);
const mb = (kilobytes: number) => `${(kilobytes / 1024).toFixed(0)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

// Migrated in a child process with the wasm schema engine, as `npm start` migrates: that
// engine alone peaks at ~700 MB RSS and would hide what the sync itself costs.
const pglite = await openMigratedMemoryPGlite();
const handle: DbHandle = { prisma: new PrismaClient({ adapter: new PrismaPGlite(pglite) }), config: { kind: "pglite", dataDir: "memory://" }, pglite };
setDbHandle(handle);
const rssAfterDatabase = process.resourceUsage().maxRSS;
const organization = await upsertOrganization("bench", "Bench");

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
const started = performance.now();
const cpuBefore = process.cpuUsage();
const discovery = await startClusterDiscovery({ organizationId: organization.id, connection, log: pino({ level: "warn" }), stateIntervalMs: 100 });
// Done when the cluster's row says "ok": set only once the catalog holds what the watcher listed.
for (;;) {
  const [cluster] = await listClusters(organization.id);
  if (cluster?.syncState === "ok") break;
  await new Promise((resolve) => setTimeout(resolve, 20));
}
const finished = performance.now();
const cpu = process.cpuUsage(cpuBefore);
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
console.log(`  rows: ${workloads} workloads, ${services} services, ${teams} teams, ${events} change events`);
console.log(
  `  peak RSS after migrations: ${mb(maxRSS)} (process.resourceUsage().maxRSS; migrations ran in a child process) — of which the migrated embedded PGlite alone: ${mb(rssAfterDatabase)}; before the sync, with the populated fake API server: ${mb(rssBefore)}`,
);

printSummaryTable("Kubernetes initial sync", [
  benchRow({
    what: `Kubernetes initial sync, ${workloadCount.toLocaleString("en-US")} workloads in ${namespaceCount} namespaces`,
    database: "pglite",
    value: (finished - started) / 1000,
    unit: "s",
    target: { op: "<", value: 30 },
    note: `CPU of this process (PGlite and the fake API server included) ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; ${workloads} workloads, ${services} services, ${events} change events; load average ${os.loadavg()[0]?.toFixed(1)}; peak RSS ${mb(maxRSS)}`,
  }),
]);

await discovery.stop();
await server.close();
await closeHandle(handle);
if (workloads !== workloadCount || services !== workloadCount || events !== workloadCount) {
  console.error("✖ the catalog does not match the cluster");
  process.exit(1);
}
process.exit(0);
