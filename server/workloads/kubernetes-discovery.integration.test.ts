import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "@/server/testing/wait-for.ts";
import type { CatalogSnapshot } from "@/domain/catalog/catalog-types.ts";
import { startFakeApiServer, type FakeApiServer } from "@/integrations/kubernetes/fake-api-server/fake-api-server.ts";
import { deploymentFixture, namespaceFixture, statefulSetFixture, withRolloutStatus, type WorkloadFixture } from "@/integrations/kubernetes/fake-api-server/workload-fixtures.ts";
import { loadClusters } from "@/integrations/kubernetes/load-clusters.ts";
import { startClusterDiscovery, type TClusterDiscovery } from "@/workers/kubernetes/cluster-discovery.ts";
import { applyCatalogSnapshot } from "@/server/catalog/catalog-write.repository.ts";
import { getPrisma } from "@/server/db/client.ts";
import { listServiceEvents } from "@/server/history/list-service-events.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { getServiceWorkloads } from "./get-service-workloads.ts";
import { listClusters } from "./list-clusters.ts";

// Kubernetes discovery end to end: the fake API server, the real client-node informers,
// the worker's queue and the use cases, on PGlite and on Postgres. Every assertion on
// history is an exact list: nothing may be duplicated, nothing lost.

const silent = pino({ level: "silent" });
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

let orgCounter = 0;
async function freshOrganization(): Promise<string> {
  orgCounter += 1;
  return (await upsertOrganization(`k8s-${orgCounter}-${Date.now()}`, `Kubernetes test ${orgCounter}`)).id;
}

async function fakeCluster(options: Parameters<typeof startFakeApiServer>[0] = {}): Promise<FakeApiServer> {
  const server = await startFakeApiServer(options);
  cleanups.push(() => server.close());
  return server;
}

async function discover(organizationId: string, name: string, url: string): Promise<TClusterDiscovery> {
  const [connection] = loadClusters({ explicit: [{ name, server: url, token: "t" }] }).clusters;
  if (connection === undefined) throw new Error("no connection");
  const discovery = await startClusterDiscovery({
    organizationId,
    connection,
    log: silent,
    // Fast retries keep the tests short; the schedule itself is the adapter's, unit-tested there.
    watcher: { backoff: { initialMs: 50, maxMs: 300 } },
    retryDelaysMs: [50, 100],
    stateIntervalMs: 50,
  });
  cleanups.push(() => discovery.stop());
  return discovery;
}

/** Polls an async condition (the shared waitFor), letting the worker finish what it has queued before each look. */
function eventually<T>(what: string, check: () => Promise<T | null | undefined | false>, discovery?: TClusterDiscovery, timeoutMs = 25_000): Promise<T> {
  return waitFor(
    what,
    async () => {
      await discovery?.idle();
      return check();
    },
    { timeoutMs, intervalMs: 25 },
  );
}

function deploy(server: FakeApiServer, fixture: WorkloadFixture & { revision?: number }, rollout: "complete" | "progressing" | "failed" = "complete") {
  return server.upsert("Deployment", withRolloutStatus(server.upsert("Deployment", deploymentFixture({ revision: 1, ...fixture })), rollout));
}

/** A new image, as `kubectl set image` and then the deployment controller write it. */
function setImage(server: FakeApiServer, namespace: string, name: string, image: string, revision: number, rollout: "complete" | "failed" = "complete"): void {
  const stored = server.get("Deployment", namespace, name);
  const container = stored?.spec?.template.spec?.containers[0];
  if (stored?.metadata?.annotations === undefined || container === undefined) throw new Error(`${name} missing`);
  container.image = image;
  const specChanged = server.upsert("Deployment", stored);
  if (specChanged.metadata?.annotations === undefined) throw new Error("no annotations");
  specChanged.metadata.annotations["deployment.kubernetes.io/revision"] = String(revision);
  server.upsert("Deployment", withRolloutStatus(specChanged, rollout));
}

function scale(server: FakeApiServer, namespace: string, name: string, replicas: number): void {
  const stored = server.get("Deployment", namespace, name);
  if (stored?.spec === undefined) throw new Error(`${name} missing`);
  stored.spec.replicas = replicas;
  server.upsert("Deployment", withRolloutStatus(server.upsert("Deployment", stored), "complete"));
}

async function events(organizationId: string): Promise<string[]> {
  const rows = await getPrisma().changeEvent.findMany({ where: { organizationId }, orderBy: [{ occurredAt: "asc" }, { title: "asc" }], select: { title: true } });
  return rows.map((row) => row.title);
}

async function eventKeys(organizationId: string): Promise<string[]> {
  const rows = await getPrisma().changeEvent.findMany({ where: { organizationId }, select: { dedupeKey: true } });
  return rows.map((row) => row.dedupeKey ?? "").sort();
}

async function workloads(organizationId: string) {
  const rows = await getPrisma().workload.findMany({
    where: { organizationId },
    select: { cluster: { select: { name: true } }, namespace: true, kind: true, name: true, uid: true, images: true, replicasDesired: true, replicasReady: true, revision: true, rolloutState: true, deletedAt: true, service: { select: { slug: true } } },
    orderBy: [{ namespace: "asc" }, { name: "asc" }],
  });
  return rows.map((row) => ({ ...row, cluster: row.cluster.name, service: row.service?.slug ?? null, deleted: row.deletedAt !== null, deletedAt: undefined }));
}

async function service(organizationId: string, slug: string) {
  return getPrisma().service.findUnique({
    where: { organizationId_slug: { organizationId, slug } },
    select: { source: true, tier: true, repoUrl: true, provenance: true, warnings: true, noWorkloadsSince: true, ownerTeam: { select: { slug: true, source: true } } },
  });
}

async function clusterState(organizationId: string, name: string) {
  return getPrisma().cluster.findUnique({ where: { organizationId_name: { organizationId, name } }, select: { syncState: true, lastSyncAt: true, lastError: true, lastErrorAt: true } });
}

async function closedPortUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

const catalogSnapshot = (repoUrl: string | null): CatalogSnapshot => ({
  teams: [{ slug: "payments", name: "Payments", description: null, slackChannel: "#payments", parentSlug: null, email: null }],
  people: [],
  memberships: [],
  systems: [],
  entries: [],
  declaredEdges: [],
  services: [
    {
      slug: "ledger",
      name: "Ledger",
      description: "Double-entry ledger",
      ownerTeamSlug: "payments",
      tier: 1,
      lifecycle: "production",
      type: "service",
      systemSlug: null,
      repoUrl,
      runbookUrl: null,
      slackChannel: null,
      links: [],
      tags: [],
      annotations: {},
      providesApis: [],
      consumesApis: [],
    },
  ],
});

describe.each(TEST_DATABASE_KINDS)("Kubernetes discovery into the catalog on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("records creation, image change, rollout, scale, deletion and re-creation, each once", async () => {
    const org = await freshOrganization();
    const server = await fakeCluster();
    server.upsert("Namespace", namespaceFixture("shop"));
    deploy(server, { namespace: "shop", name: "checkout", images: ["ghcr.io/acme/checkout:1.4.2"], replicas: 3 });
    server.upsert("StatefulSet", withRolloutStatus(server.upsert("StatefulSet", statefulSetFixture({ namespace: "shop", name: "ledger", images: ["postgres:16"], replicas: 2 })), "complete"));

    const discovery = await discover(org, "prod", server.url);
    await eventually("the initial sync recorded", async () => (await clusterState(org, "prod"))?.syncState === "ok", discovery);
    expect(await workloads(org)).toEqual([
      { cluster: "prod", namespace: "shop", kind: "Deployment", name: "checkout", uid: expect.any(String), images: ["ghcr.io/acme/checkout:1.4.2"], replicasDesired: 3, replicasReady: 3, revision: "1", rolloutState: "complete", service: "checkout", deleted: false, deletedAt: undefined },
      { cluster: "prod", namespace: "shop", kind: "StatefulSet", name: "ledger", uid: expect.any(String), images: ["postgres:16"], replicasDesired: 2, replicasReady: 2, revision: expect.stringMatching(/^ledger-/), rolloutState: "complete", service: "ledger", deleted: false, deletedAt: undefined },
    ]);
    expect(await service(org, "checkout")).toMatchObject({ source: "kubernetes", noWorkloadsSince: null, warnings: [] });
    expect((await clusterState(org, "prod"))?.lastSyncAt).toBeInstanceOf(Date);
    expect(await events(org)).toEqual(["checkout: Deployment created in prod/shop", "ledger: StatefulSet created in prod/shop"]);

    setImage(server, "shop", "checkout", "ghcr.io/acme/checkout:1.4.3", 2);
    await eventually("rollout complete", async () => (await events(org)).includes("checkout: rollout of revision 2 complete (3/3 ready)"), discovery);
    scale(server, "shop", "checkout", 5);
    await eventually("scaled", async () => (await events(org)).includes("checkout: scaled 3 → 5 replicas"), discovery);
    const checkoutUid = server.get("Deployment", "shop", "checkout")?.metadata?.uid;

    server.remove("Deployment", "shop", "checkout");
    await eventually("deleted", async () => (await service(org, "checkout"))?.noWorkloadsSince, discovery);
    const [checkout] = await workloads(org);
    expect(checkout).toMatchObject({ name: "checkout", deleted: true, uid: checkoutUid, images: ["ghcr.io/acme/checkout:1.4.3"], replicasDesired: 5 });
    expect((await service(org, "ledger"))?.noWorkloadsSince).toBeNull();

    // Re-created under the same name: a new incarnation, and the service runs again.
    deploy(server, { namespace: "shop", name: "checkout", images: ["ghcr.io/acme/checkout:1.4.3"], replicas: 2 });
    await eventually("running again", async () => (await service(org, "checkout"))?.noWorkloadsSince === null, discovery);
    expect(await events(org)).toEqual([
      "checkout: Deployment created in prod/shop",
      "ledger: StatefulSet created in prod/shop",
      "checkout: image ghcr.io/acme/checkout:1.4.2 → 1.4.3",
      "checkout: rollout of revision 2 complete (3/3 ready)",
      "checkout: scaled 3 → 5 replicas",
      "checkout: Deployment deleted from prod/shop",
      "checkout: Deployment created in prod/shop",
      // The new incarnation was seen without status first, then rolled out.
      "checkout: rollout of revision 1 complete (2/2 ready)",
    ]);
    const [recreated] = await workloads(org);
    expect(recreated).toMatchObject({ deleted: false, replicasDesired: 2 });
    expect(recreated?.uid).not.toBe(checkoutUid);

    // What the service page and the API read.
    const page = await getServiceWorkloads(org, "checkout");
    expect(page?.clusters).toEqual([expect.objectContaining({ name: "prod", syncState: "ok", workloads: [expect.objectContaining({ name: "checkout", rolloutState: "complete", lastChange: expect.objectContaining({ type: "rollout_complete" }) })] })]);
    // One row per workload name: the re-created one replaced the deleted one (whose story is in the history).
    expect(page?.recentlyDeleted).toEqual([]);
    const history = await listServiceEvents(org, "checkout", { limit: 2 });
    expect(history?.events.map((event) => event.type)).toEqual(["rollout_complete", "workload_created"]);
    const older = await listServiceEvents(org, "checkout", { limit: 50, before: history?.nextBefore ?? undefined });
    expect(older?.events.map((event) => event.type)).toEqual(["workload_deleted", "scaled", "rollout_complete", "image_changed", "workload_created"]);
    expect(older?.nextBefore).toBeNull();
  });

  it("records a failed rollout (ProgressDeadlineExceeded) and the rollback", async () => {
    const org = await freshOrganization();
    const server = await fakeCluster();
    server.upsert("Namespace", namespaceFixture("shop"));
    deploy(server, { namespace: "shop", name: "cart", images: ["ghcr.io/acme/cart:2.0.0"], replicas: 2 });
    const discovery = await discover(org, "prod", server.url);
    await eventually("synced", async () => (await events(org)).length === 1, discovery);

    setImage(server, "shop", "cart", "ghcr.io/acme/cart:2.1.0", 2, "failed");
    await eventually("failed", async () => (await workloads(org))[0]?.rolloutState === "failed", discovery);
    setImage(server, "shop", "cart", "ghcr.io/acme/cart:2.0.0", 3);
    await eventually("rolled back", async () => (await workloads(org))[0]?.rolloutState === "complete", discovery);
    const titles = await events(org);
    expect(titles).toHaveLength(5);
    expect(titles.slice(0, 2)).toEqual(["cart: Deployment created in prod/shop", "cart: image ghcr.io/acme/cart:2.0.0 → 2.1.0"]);
    expect(titles[2]).toMatch(/^cart: rollout of revision 2 failed: ReplicaSet "cart-[0-9a-f]+" has timed out progressing\.$/);
    expect(titles.slice(3)).toEqual(["cart: image ghcr.io/acme/cart:2.1.0 → 2.0.0", "cart: rollout of revision 3 complete (2/2 ready)"]);
  });

  it("maps ownership from annotations without overwriting the catalog, and warns about malformed ones", async () => {
    const org = await freshOrganization();
    await applyCatalogSnapshot(org, catalogSnapshot(null), { prune: true, origin: "catalog/payments.yaml", warningsByService: new Map() });
    const server = await fakeCluster();
    server.upsert("Namespace", namespaceFixture("payments", { "plumbline.dev/owner": "payments-platform", "plumbline.dev/tier": "2" }));
    deploy(server, {
      namespace: "payments",
      name: "ledger-api",
      images: ["ghcr.io/acme/ledger:3.1.0"],
      annotations: { "plumbline.dev/service": "ledger", "plumbline.dev/owner": "ledger-team", "plumbline.dev/repo": "https://github.com/acme/ledger" },
    });
    deploy(server, { namespace: "payments", name: "fraud-check", images: ["ghcr.io/acme/fraud:0.9.0"], labels: { "app.kubernetes.io/name": "fraud" }, annotations: { "plumbline.dev/tier": "banana" } });
    const discovery = await discover(org, "prod", server.url);
    await eventually("synced", async () => (await clusterState(org, "prod"))?.syncState === "ok", discovery);

    // Declared by the catalog: owner and tier stay; Kubernetes' disagreement is kept beside them.
    const ledger = await service(org, "ledger");
    expect(ledger).toMatchObject({ source: "catalog", tier: 1, ownerTeam: { slug: "payments", source: "catalog" }, repoUrl: "https://github.com/acme/ledger", warnings: [] });
    expect(ledger?.provenance).toMatchObject({
      owner: { source: "catalog", origin: "catalog/payments.yaml", observedValue: "ledger-team", observedSource: "kubernetes" },
      tier: { source: "catalog", observedValue: 2, observedSource: "kubernetes" },
      // The catalog left the repository empty: the observation fills it, and says so.
      repoUrl: { source: "kubernetes", origin: "prod/payments/Deployment/ledger-api" },
    });

    // Not in the catalog: created from Kubernetes, owner from the namespace; the malformed tier is a warning.
    const fraud = await service(org, "fraud");
    expect(fraud).toMatchObject({ source: "kubernetes", tier: null, ownerTeam: { slug: "payments-platform", source: "kubernetes" } });
    expect(fraud?.warnings).toEqual([
      {
        field: "tier",
        message: 'annotation plumbline.dev/tier on Deployment payments/fraud-check is "banana": expected 1, 2 or 3; tier left empty',
        source: "kubernetes: prod/payments/Deployment/fraud-check",
      },
    ]);
    expect((await workloads(org)).find((workload) => workload.name === "fraud-check")).toMatchObject({ service: "fraud", images: ["ghcr.io/acme/fraud:0.9.0"], rolloutState: "complete" });

    // A catalog import replaces only the catalog's warnings and keeps what Kubernetes observed.
    await applyCatalogSnapshot(org, catalogSnapshot("https://github.com/acme/ledger-declared"), {
      prune: true,
      origin: "catalog/payments.yaml",
      warningsByService: new Map([["ledger", [{ field: "spec.owner", message: "catalog says so", source: "catalog (payments.yaml)" }]]]),
    });
    server.upsert("Deployment", { ...deploymentFixture({ namespace: "payments", name: "ledger-api", images: ["ghcr.io/acme/ledger:3.1.0"], revision: 1, annotations: { "plumbline.dev/service": "ledger", "plumbline.dev/repo": "not a url" } }) });
    await eventually("ledger's kubernetes warning", async () => ((await service(org, "ledger"))?.warnings as unknown[]).length === 2, discovery);
    await applyCatalogSnapshot(org, catalogSnapshot("https://github.com/acme/ledger-declared"), { prune: true, origin: "catalog/payments.yaml", warningsByService: new Map() });
    const reimported = await service(org, "ledger");
    expect(reimported?.warnings).toEqual([expect.objectContaining({ field: "repoUrl", source: "kubernetes: prod/payments/Deployment/ledger-api" })]);
    expect(reimported?.provenance).toMatchObject({ tier: { source: "catalog", observedValue: 2, observedSource: "kubernetes" } });

    // Fixing the annotation clears the warning.
    const fixed = server.get("Deployment", "payments", "fraud-check");
    if (fixed?.metadata?.annotations === undefined) throw new Error("fraud-check missing");
    fixed.metadata.annotations["plumbline.dev/tier"] = "3";
    server.upsert("Deployment", fixed);
    await eventually("warning gone", async () => (await service(org, "fraud"))?.tier === 3, discovery);
    expect((await service(org, "fraud"))?.warnings).toEqual([]);
  });

  it("keeps two clusters independent: one failing does not stop the other, and it catches up when back", async () => {
    const org = await freshOrganization();
    const healthy = await fakeCluster();
    healthy.upsert("Namespace", namespaceFixture("shop"));
    deploy(healthy, { namespace: "shop", name: "checkout", images: ["ghcr.io/acme/checkout:1.4.2"], replicas: 3 });
    const broken = await fakeCluster();
    broken.upsert("Namespace", namespaceFixture("shop"));
    deploy(broken, { namespace: "shop", name: "checkout", images: ["ghcr.io/acme/checkout:1.4.1"], replicas: 2 });
    broken.setUnavailable(true);

    const ok = await discover(org, "eu", healthy.url);
    const failing = await discover(org, "us", broken.url);
    await eventually("eu synced", async () => (await clusterState(org, "eu"))?.syncState === "ok", ok);
    const failed = await eventually("us failing", async () => {
      const state = await clusterState(org, "us");
      return state?.syncState === "error" && state.lastError !== null ? state : null;
    }, failing);
    expect(failed).toMatchObject({ lastSyncAt: null, lastError: expect.stringContaining("HTTP 503"), lastErrorAt: expect.any(Date) });
    expect((await listClusters(org)).map((cluster) => [cluster.name, cluster.syncState, cluster.liveWorkloadCount])).toEqual([
      ["eu", "ok", 1],
      ["us", "error", 0],
    ]);

    broken.setUnavailable(false);
    await eventually("us synced", async () => (await clusterState(org, "us"))?.syncState === "ok", failing);
    expect((await clusterState(org, "us"))?.lastError).toContain("HTTP 503");
    const page = await getServiceWorkloads(org, "checkout");
    expect(page?.clusters.map((cluster) => [cluster.name, cluster.syncState, cluster.workloads.map((workload) => workload.images[0])])).toEqual([
      ["eu", "ok", ["ghcr.io/acme/checkout:1.4.2"]],
      ["us", "ok", ["ghcr.io/acme/checkout:1.4.1"]],
    ]);
    expect((await events(org)).sort()).toEqual(["checkout: Deployment created in eu/shop", "checkout: Deployment created in us/shop"]);

    // A cluster nobody answers for: error with the connection failure, the others unaffected.
    const unreachable = await discover(org, "ap", await closedPortUrl());
    await eventually("ap failing", async () => (await clusterState(org, "ap"))?.lastError?.includes("ECONNREFUSED"), unreachable);
    scale(healthy, "shop", "checkout", 4);
    await eventually("eu scaled", async () => (await events(org)).includes("checkout: scaled 3 → 4 replicas"), ok);
  });

  it("loses nothing over a dropped watch and a 410 Gone with a deletion missed during the outage", async () => {
    const org = await freshOrganization();
    const server = await fakeCluster();
    server.upsert("Namespace", namespaceFixture("shop"));
    deploy(server, { namespace: "shop", name: "checkout", images: ["ghcr.io/acme/checkout:1.4.2"], replicas: 2 });
    deploy(server, { namespace: "shop", name: "cart", images: ["ghcr.io/acme/cart:2.0.0"], replicas: 2 });
    deploy(server, { namespace: "shop", name: "search", images: ["ghcr.io/acme/search:5.0.0"], replicas: 2 });
    const discovery = await discover(org, "prod", server.url);
    await eventually("synced", async () => (await clusterState(org, "prod"))?.syncState === "ok", discovery);
    await eventually("watches open", async () => server.openWatchCount() === 5);

    // A dropped connection: the watcher resumes from its resourceVersion and sees the change.
    server.dropAllWatches();
    scale(server, "shop", "checkout", 3);
    await eventually("scale after the drop", async () => (await events(org)).includes("checkout: scaled 2 → 3 replicas"), discovery);

    // An outage long enough for the watch history to be compacted: the reconnect gets 410 and relists.
    await eventually("watches open again", async () => server.openWatchCount() === 5);
    server.setUnavailable(true);
    await eventually("error recorded", async () => (await clusterState(org, "prod"))?.syncState === "error", discovery);
    server.remove("Deployment", "shop", "cart");
    setImage(server, "shop", "checkout", "ghcr.io/acme/checkout:1.5.0", 2);
    server.remove("Deployment", "shop", "search");
    deploy(server, { namespace: "shop", name: "search", images: ["ghcr.io/acme/search:6.0.0"], replicas: 2 });
    server.compactHistory();
    server.setUnavailable(false);

    await eventually("cart deleted", async () => (await workloads(org)).find((workload) => workload.name === "cart")?.deleted, discovery);
    await eventually("in sync again", async () => {
      const state = await clusterState(org, "prod");
      return state?.syncState === "ok" && (await events(org)).length >= 9;
    }, discovery);
    const titles = await events(org);
    expect(titles.slice(0, 5)).toEqual([
      "cart: Deployment created in prod/shop",
      "checkout: Deployment created in prod/shop",
      "search: Deployment created in prod/shop",
      "checkout: scaled 2 → 3 replicas",
      // The scale made the Deployment progress and complete again; revision 1 had not been seen rolling out.
      "checkout: rollout of revision 1 complete (3/3 ready)",
    ]);
    // Seen only through the relist: the final states, one event per change.
    expect(titles.slice(5).sort()).toEqual([
      "cart: Deployment deleted from prod/shop",
      "checkout: image ghcr.io/acme/checkout:1.4.2 → 1.5.0",
      "search: Deployment created in prod/shop",
      "search: Deployment deleted from prod/shop",
    ]);
    expect(titles).toHaveLength(9);
    expect((await workloads(org)).map((workload) => [workload.name, workload.deleted, workload.images[0]])).toEqual([
      ["cart", true, "ghcr.io/acme/cart:2.0.0"],
      ["checkout", false, "ghcr.io/acme/checkout:1.5.0"],
      ["search", false, "ghcr.io/acme/search:6.0.0"],
    ]);
    expect(await service(org, "cart")).toMatchObject({ noWorkloadsSince: expect.any(Date) });
    const cartPage = await getServiceWorkloads(org, "cart");
    expect(cartPage).toMatchObject({ noWorkloadsSince: expect.any(String), clusters: [] });
    expect(cartPage?.recentlyDeleted).toEqual([expect.objectContaining({ name: "cart", cluster: "prod", images: ["ghcr.io/acme/cart:2.0.0"], deletedAt: expect.any(String) })]);
    // The outage's error stays visible after recovery (a dropped stream or the 503s, whichever came last).
    expect(await clusterState(org, "prod")).toMatchObject({ lastError: expect.stringMatching(/ERR_STREAM_PREMATURE_CLOSE|HTTP 503/), lastErrorAt: expect.any(Date) });
  });

  it("adds no events when the worker restarts, and records what changed while it was down", async () => {
    const org = await freshOrganization();
    const server = await fakeCluster();
    server.upsert("Namespace", namespaceFixture("shop"));
    deploy(server, { namespace: "shop", name: "checkout", images: ["ghcr.io/acme/checkout:1.4.2"], replicas: 2 });
    deploy(server, { namespace: "shop", name: "cart", images: ["ghcr.io/acme/cart:2.0.0"], replicas: 2 });
    deploy(server, { namespace: "shop", name: "search", images: ["ghcr.io/acme/search:5.0.0"], replicas: 2 });
    deploy(server, { namespace: "shop", name: "reviews", images: ["ghcr.io/acme/reviews:1.0.0"], replicas: 1 });
    const first = await discover(org, "prod", server.url);
    await eventually("synced", async () => (await clusterState(org, "prod"))?.syncState === "ok", first);
    setImage(server, "shop", "checkout", "ghcr.io/acme/checkout:1.4.3", 2);
    await eventually("rollout", async () => (await events(org)).length === 6, first);
    await first.stop();
    const keysBefore = await eventKeys(org);

    // A plain restart: same cluster, same database, nothing changed.
    const second = await discover(org, "prod", server.url);
    await eventually("resynced", async () => second.state().syncState === "ok" && (await clusterState(org, "prod"))?.syncState === "ok", second);
    await second.idle();
    expect(await eventKeys(org)).toEqual(keysBefore);
    await second.stop();

    // Down while things change: an image, a deletion, a creation, a re-creation under the same name.
    setImage(server, "shop", "cart", "ghcr.io/acme/cart:2.1.0", 2);
    server.remove("Deployment", "shop", "search");
    deploy(server, { namespace: "shop", name: "pricing", images: ["ghcr.io/acme/pricing:0.3.0"], replicas: 2 });
    server.remove("Deployment", "shop", "reviews");
    deploy(server, { namespace: "shop", name: "reviews", images: ["ghcr.io/acme/reviews:1.1.0"], replicas: 1 });
    const third = await discover(org, "prod", server.url);
    await eventually("caught up", async () => (await events(org)).length === 11, third);
    const titles = await events(org);
    // The rollout started and finished while nobody watched: its image change is what was seen.
    expect(titles.slice(6).sort()).toEqual([
      "cart: image ghcr.io/acme/cart:2.0.0 → 2.1.0",
      "pricing: Deployment created in prod/shop",
      "reviews: Deployment created in prod/shop",
      "reviews: Deployment deleted from prod/shop",
      "search: Deployment deleted from prod/shop",
    ]);
    await third.stop();

    // And once more: still nothing new.
    const keysAfter = await eventKeys(org);
    const fourth = await discover(org, "prod", server.url);
    await eventually("resynced again", async () => fourth.state().syncState === "ok" && (await clusterState(org, "prod"))?.syncState === "ok", fourth);
    await fourth.idle();
    expect(await eventKeys(org)).toEqual(keysAfter);
    expect(new Set(keysAfter).size).toBe(keysAfter.length);
  });
});
