import { catalogService } from "@/server/testing/catalog-service-fixture.ts";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "@/server/testing/wait-for.ts";
import type { CatalogSnapshot } from "@/domain/catalog/catalog-types.ts";
import { loadClusters } from "@/integrations/kubernetes/load-clusters.ts";
import { startClusterDiscovery, type TClusterDiscovery } from "@/workers/kubernetes/cluster-discovery.ts";
import { applyCatalogSnapshot } from "@/server/catalog/catalog-write.repository.ts";
import { getPrisma } from "@/server/db/client.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { startDemoCluster, type DemoCluster } from "./demo-cluster.ts";

// The demo cluster is discovered like any cluster: through client-node and the worker.

const silent = pino({ level: "silent" });
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

const service = (slug: string, owner: string, tier: 1 | 2 | 3) => catalogService(slug, { ownerTeamSlug: owner, tier });


const catalog: CatalogSnapshot = {
  teams: [
    { slug: "payments", name: "Payments", description: null, slackChannel: null, parentSlug: null, email: null },
    { slug: "storefront", name: "Storefront", description: null, slackChannel: null, parentSlug: null, email: null },
  ],
  people: [],
  memberships: [],
  systems: [],
  entries: [],
  declaredEdges: [],
  services: [service("ledger", "payments", 1), service("checkout", "storefront", 1), service("recommendations", "storefront", 3)],
};

async function start(organizationId: string, options: { rolloutSeconds: string; random: () => number }): Promise<{ demo: DemoCluster; discovery: TClusterDiscovery }> {
  const demo = await startDemoCluster({ organizationId, log: silent, ...options });
  const [connection] = loadClusters({ explicit: [{ name: demo.name, server: demo.url }] }).clusters;
  if (connection === undefined) throw new Error("no connection");
  const discovery = await startClusterDiscovery({ organizationId, connection, log: silent, stateIntervalMs: 50, watcher: { backoff: { initialMs: 50, maxMs: 300 } } });
  const stop = async () => {
    await discovery.stop();
    await demo.stop();
  };
  cleanups.push(stop);
  return { demo, discovery };
}

const eventually = <T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 25_000): Promise<T> => waitFor(what, check, { timeoutMs, intervalMs: 50 });

const eventRows = (organizationId: string) =>
  getPrisma().changeEvent.findMany({ where: { organizationId }, select: { type: true, title: true, dedupeKey: true }, orderBy: [{ occurredAt: "asc" }, { dedupeKey: "asc" }] });
const isSynced = async (organizationId: string) =>
  (await getPrisma().cluster.findUnique({ where: { organizationId_name: { organizationId, name: "demo" } }, select: { syncState: true } }))?.syncState === "ok";

describe.each(TEST_DATABASE_KINDS)("demo cluster on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("runs one workload per catalog service, named for the mesh simulator, and rolls out, fails and rolls back", async () => {
    const org = (await upsertOrganization(`demo-${kind}-1`, "Demo")).id;
    await applyCatalogSnapshot(org, catalog, { prune: true, origin: "catalog", warningsByService: new Map() });
    // A long pause first: the layout as created, before any change.
    const quiet = await start(org, { rolloutSeconds: "1000", random: () => 0.5 });
    await eventually("synced", () => isSynced(org));
    await quiet.discovery.idle();

    // As first discovered (the demo starts changing them right away).
    const created = await getPrisma().changeEvent.findMany({ where: { organizationId: org, type: "workload_created" }, select: { details: true, service: { select: { slug: true } } } });
    const described = created.map(({ details, service: owner }) => {
      const { namespace, kind, name, replicasDesired, images } = details as { namespace: string; kind: string; name: string; replicasDesired: number; images: string[] };
      return [namespace, kind, name, replicasDesired, owner?.slug, images[0]];
    });
    expect(described.sort((a, b) => String(a[2]).localeCompare(String(b[2])))).toEqual([
      ["storefront", "Deployment", "checkout", 3, "checkout", expect.stringMatching(/^ghcr\.io\/acme\/checkout:1\.\d+\.\d+$/)],
      ["payments", "StatefulSet", "ledger", 3, "ledger", expect.stringMatching(/^ghcr\.io\/acme\/ledger:1\.\d+\.\d+$/)],
      ["storefront", "Deployment", "recommendations", 2, "recommendations", expect.stringMatching(/^ghcr\.io\/acme\/recommendations:/)],
    ]);
    const recommendations = await getPrisma().service.findUnique({ where: { organizationId_slug: { organizationId: org, slug: "recommendations" } }, select: { tier: true, warnings: true } });
    expect(recommendations?.tier).toBe(3);
    // The demo's own data is valid: no warnings on any service.
    expect(recommendations?.warnings).toEqual([]);

    await quiet.discovery.stop();
    await quiet.demo.stop();

    // random() = 0.01: every change is a failing rollout of the first idle Deployment, rolled back soon after.
    const { discovery } = await start(org, { rolloutSeconds: "0.4", random: () => 0.01 });
    await eventually("a failed rollout and its rollback", async () => {
      const types = (await eventRows(org)).map((event) => event.type);
      const failed = types.indexOf("rollout_failed");
      return failed >= 0 && types.slice(failed).includes("rollout_complete");
    });
    await discovery.idle();
  });

  it("comes back as it was after a restart: discovery records nothing new", async () => {
    const org = (await upsertOrganization(`demo-${kind}-2`, "Demo")).id;
    await applyCatalogSnapshot(org, catalog, { prune: true, origin: "catalog", warningsByService: new Map() });
    // random() = 0.99: ordinary rollouts that complete, one after another.
    const first = await start(org, { rolloutSeconds: "0.3", random: () => 0.99 });
    await eventually("a few rollouts", async () => (await eventRows(org)).filter((event) => event.type === "rollout_complete").length >= 3);
    await first.discovery.stop();
    await first.demo.stop();
    const before = await eventRows(org);

    // A long pause between changes: only the restore itself could add events, and it must not.
    const second = await start(org, { rolloutSeconds: "1000", random: () => 0.99 });
    await eventually("synced again", () => isSynced(org));
    await second.discovery.idle();
    const after = await eventRows(org);
    expect(after.map((event) => event.dedupeKey)).toEqual(before.map((event) => event.dedupeKey));
    expect(new Set(after.map((event) => event.dedupeKey)).size).toBe(after.length);
  });
});
