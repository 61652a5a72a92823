import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { diffWorkload } from "@/domain/kubernetes/diff-workload.ts";
import { mapWorkloadToService } from "@/domain/kubernetes/map-workload-to-service.ts";
import { startFakeApiServer, type FakeApiServer } from "@/integrations/kubernetes/fake-api-server/fake-api-server.ts";
import { deploymentFixture, namespaceFixture, serviceFixture, statefulSetFixture, withRolloutStatus } from "@/integrations/kubernetes/fake-api-server/workload-fixtures.ts";
import { loadClusters, type ClusterConnection } from "./load-clusters.ts";
import { recordClusterWatcher, type RecordedClusterWatcher } from "@/integrations/kubernetes/testing/record-cluster-watcher.ts";
import { waitFor } from "@/server/testing/wait-for.ts";

// Everything a test starts is stopped here, even when an assertion fails half-way.
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fakeCluster(options: { bookmarkIntervalMs?: number } = {}): Promise<FakeApiServer> {
  const server = await startFakeApiServer(options);
  cleanups.push(() => server.close());
  return server;
}

function connect(name: string, server: string): ClusterConnection {
  const [connection] = loadClusters({ explicit: [{ name, server, token: "t" }] }).clusters;
  if (connection === undefined) throw new Error("no connection");
  return connection;
}

function watch(connection: ClusterConnection, overrides: Parameters<typeof recordClusterWatcher>[1] = {}): RecordedClusterWatcher {
  const recorded = recordClusterWatcher(connection, overrides);
  cleanups.push(() => recorded.watcher.stop());
  return recorded;
}

/** Creates a Deployment and then writes the status its controller would, as a real cluster does. */
function deploy(server: FakeApiServer, fixture: Parameters<typeof deploymentFixture>[0], rollout: "complete" | "progressing" | "failed" = "complete") {
  const created = server.upsert("Deployment", deploymentFixture(fixture));
  return server.upsert("Deployment", withRolloutStatus(created, rollout));
}

function listCount(server: FakeApiServer, path: string): number {
  return server.requestLog().filter((request) => request.path === path && !request.watch && request.status === 200).length;
}

describe("cluster watcher against the fake API server, through client-node informers", () => {
  it("lists existing workloads, then reports creation, image change, scale, rollout and deletion", async () => {
    const server = await fakeCluster();
    server.upsert("Namespace", namespaceFixture("shop"));
    deploy(server, { namespace: "shop", name: "checkout", images: ["ghcr.io/acme/checkout:1.4.2"], replicas: 3, revision: 1 });
    server.upsert("StatefulSet", withRolloutStatus(server.upsert("StatefulSet", statefulSetFixture({ namespace: "shop", name: "ledger", images: ["postgres:16"], replicas: 2 })), "complete"));
    server.upsert("Service", serviceFixture("shop", "checkout", { "app.kubernetes.io/instance": "checkout" }));

    const recorded = watch(connect("prod-eu", server.url));
    await waitFor("initial sync", () => recorded.synced.length > 0);
    expect(recorded.synced).toEqual([{ initial: true }]);
    expect(recorded.watcher.state()).toMatchObject({ syncState: "ok", lastError: null });
    expect(recorded.watcher.state().lastSyncAt).toBeInstanceOf(Date);
    const initial = recorded.watcher.workloads();
    expect(initial.map((workload) => `${workload.kind}/${workload.name}`).sort()).toEqual(["Deployment/checkout", "StatefulSet/ledger"]);
    const checkout = recorded.latest("checkout");
    expect(checkout).toMatchObject({
      cluster: "prod-eu",
      namespace: "shop",
      kind: "Deployment",
      images: ["ghcr.io/acme/checkout:1.4.2"],
      replicasDesired: 3,
      replicasReady: 3,
      revision: "1",
      rolloutState: "complete",
      rolloutMessage: null,
    });
    expect(recorded.latest("ledger")).toMatchObject({ kind: "StatefulSet", images: ["postgres:16"], rolloutState: "complete", revision: expect.stringMatching(/^ledger-/) });
    await waitFor("the Kubernetes Service", () => recorded.services.find((service) => service.name === "checkout"));
    if (checkout === undefined) throw new Error("unreachable");

    // A new Deployment appears.
    deploy(server, { namespace: "shop", name: "cart", images: ["ghcr.io/acme/cart:2.0.0"] }, "progressing");
    const cart = await waitFor("cart", () => recorded.latest("cart"));
    expect(diffWorkload(null, cart).map((event) => event.title)).toEqual(["cart: Deployment created in prod-eu/shop"]);
    const firstCart = recorded.upserts.findIndex((observation) => observation.name === "cart");
    expect(recorded.previous[firstCart]).toBeNull();

    // A new image: spec change (generation 2), then the controller's new revision and status.
    const stored = server.get("Deployment", "shop", "checkout");
    if (stored?.spec === undefined) throw new Error("checkout missing");
    const container = stored.spec.template.spec?.containers[0];
    if (container === undefined) throw new Error("no container");
    container.image = "ghcr.io/acme/checkout:1.4.3";
    server.upsert("Deployment", stored);
    const newImage = await waitFor("new image", () => recorded.upserts.find((observation) => observation.images[0] === "ghcr.io/acme/checkout:1.4.3"));
    expect(newImage).toMatchObject({ generation: 2, rolloutState: "progressing" });
    expect(diffWorkload(checkout, newImage).map((event) => [event.type, event.title])).toEqual([["image_changed", "checkout: image ghcr.io/acme/checkout:1.4.2 → 1.4.3"]]);
    // The watcher hands over the previous observation, so a worker can diff without a lookup.
    expect(recorded.previous[recorded.upserts.indexOf(newImage)]).toEqual(checkout);

    const revised = server.get("Deployment", "shop", "checkout");
    if (revised?.metadata?.annotations === undefined) throw new Error("checkout missing");
    revised.metadata.annotations["deployment.kubernetes.io/revision"] = "2";
    server.upsert("Deployment", withRolloutStatus(revised, "complete"));
    const rolledOut = await waitFor("rollout complete", () => recorded.upserts.find((observation) => observation.name === "checkout" && observation.revision === "2" && observation.rolloutState === "complete"));
    expect(diffWorkload(newImage, rolledOut).map((event) => [event.type, event.title])).toEqual([["rollout_complete", "checkout: rollout of revision 2 complete (3/3 ready)"]]);

    // Scale.
    const toScale = server.get("Deployment", "shop", "checkout");
    if (toScale?.spec === undefined) throw new Error("checkout missing");
    toScale.spec.replicas = 5;
    server.upsert("Deployment", toScale);
    const scaled = await waitFor("scale", () => recorded.upserts.find((observation) => observation.name === "checkout" && observation.replicasDesired === 5));
    expect(diffWorkload(rolledOut, scaled).map((event) => event.title)).toEqual(["checkout: scaled 3 → 5 replicas"]);

    // Deletion.
    server.remove("Deployment", "shop", "cart");
    const deletion = await waitFor("cart deleted", () => recorded.deletes.find((entry) => entry.key.name === "cart"));
    expect(deletion.key).toEqual({ cluster: "prod-eu", namespace: "shop", kind: "Deployment", name: "cart", uid: cart.uid });
    expect(diffWorkload(deletion.last, null).map((event) => event.dedupeKey)).toEqual([`k8s:prod-eu:${cart.uid}:workload_deleted`]);
    expect(recorded.watcher.workloads().map((workload) => workload.name).sort()).toEqual(["checkout", "ledger"]);
    expect(recorded.errors).toEqual([]);
  });

  it("maps ownership from workload annotations, falling back to the namespace, and remaps when the namespace changes", async () => {
    const server = await fakeCluster();
    server.upsert(
      "Namespace",
      namespaceFixture("payments", { "plumbline.dev/owner": "payments-team", "plumbline.dev/slack-channel": "#payments", "plumbline.dev/tier": "1" }),
    );
    deploy(server, {
      namespace: "payments",
      name: "ledger-api",
      images: ["ghcr.io/acme/ledger:3.1.0"],
      annotations: { "plumbline.dev/service": "ledger", "plumbline.dev/owner": "ledger-team", "plumbline.dev/repo": "https://github.com/acme/ledger" },
    });
    deploy(server, { namespace: "payments", name: "fraud-check", images: ["ghcr.io/acme/fraud:0.9.0"], labels: { "app.kubernetes.io/name": "fraud" } });

    const recorded = watch(connect("prod-us", server.url));
    await waitFor("initial sync", () => recorded.synced.length > 0);

    const ledger = recorded.latest("ledger-api");
    const fraud = recorded.latest("fraud-check");
    if (ledger === undefined || fraud === undefined) throw new Error("workloads missing");
    expect(fraud.namespaceAnnotations).toMatchObject({ "plumbline.dev/owner": "payments-team" });
    expect(mapWorkloadToService(ledger)).toMatchObject({
      serviceSlug: "ledger",
      ownerTeamSlug: "ledger-team",
      slackChannel: "#payments",
      tier: 1,
      repoUrl: "https://github.com/acme/ledger",
      provenance: { serviceSlug: "annotation:workload", ownerTeamSlug: "annotation:workload", slackChannel: "annotation:namespace", tier: "annotation:namespace" },
      warnings: [],
    });
    expect(mapWorkloadToService(fraud)).toMatchObject({ serviceSlug: "fraud", ownerTeamSlug: "payments-team", provenance: { serviceSlug: "label", ownerTeamSlug: "annotation:namespace" } });

    // The namespace changes hands: its workloads are re-emitted with the new annotations.
    const upsertsBefore = recorded.upserts.length;
    server.upsert("Namespace", namespaceFixture("payments", { "plumbline.dev/owner": "billing", "plumbline.dev/tier": "banana" }));
    const remapped = await waitFor("fraud-check remapped", () => recorded.upserts.slice(upsertsBefore).find((observation) => observation.name === "fraud-check"));
    const mapping = mapWorkloadToService(remapped);
    expect(mapping).toMatchObject({ ownerTeamSlug: "billing", tier: null, slackChannel: null });
    expect(mapping.warnings).toEqual([{ field: "tier", message: expect.stringContaining('plumbline.dev/tier on namespace payments is "banana"') }]);
    const ledgerAgain = await waitFor("ledger-api re-emitted", () => recorded.upserts.slice(upsertsBefore).find((observation) => observation.name === "ledger-api"));
    expect(mapWorkloadToService(ledgerAgain).ownerTeamSlug).toBe("ledger-team");
    // Only the two workloads of that namespace were re-emitted, once each.
    expect(recorded.upserts.slice(upsertsBefore).map((observation) => observation.name).sort()).toEqual(["fraud-check", "ledger-api"]);
  });

  it("watches clusters independently: an unavailable and an unreachable cluster do not stop a healthy one", async () => {
    const healthy = await fakeCluster();
    healthy.upsert("Namespace", namespaceFixture("shop"));
    deploy(healthy, { namespace: "shop", name: "checkout", images: ["ghcr.io/acme/checkout:1.4.2"] });
    const broken = await fakeCluster();
    broken.upsert("Namespace", namespaceFixture("batch"));
    deploy(broken, { namespace: "batch", name: "reports", images: ["ghcr.io/acme/reports:1.0.0"] });
    broken.setUnavailable(true);
    const unreachableUrl = await closedPortUrl();

    const ok = watch(connect("healthy", healthy.url));
    const unavailable = watch(connect("unavailable", broken.url));
    const unreachable = watch(connect("unreachable", unreachableUrl));

    await waitFor("healthy cluster synced", () => ok.synced.length > 0);
    expect(ok.latest("checkout")).toBeDefined();
    expect(ok.watcher.state().syncState).toBe("ok");

    await waitFor("unavailable cluster retried", () => unavailable.errors.length >= 3);
    expect(unavailable.watcher.state()).toMatchObject({ syncState: "error", lastError: expect.stringContaining("HTTP 503"), lastSyncAt: null });
    expect(unavailable.errors[0]).toMatchObject({ cluster: "unavailable", attempt: 1 });
    expect(unavailable.upserts).toEqual([]);
    await waitFor("unreachable cluster retried", () => unreachable.errors.filter((error) => error.resource === "deployments").length >= 3);
    expect(unreachable.watcher.state()).toMatchObject({ syncState: "error", lastError: expect.stringContaining("ECONNREFUSED") });
    // Retries back off: attempt numbers grow and delays are not all the first one.
    const attempts = unreachable.errors.filter((error) => error.resource === "deployments").map((error) => error.attempt);
    expect(attempts.slice(0, 3)).toEqual([1, 2, 3]);

    // Meanwhile the healthy cluster keeps working.
    deploy(healthy, { namespace: "shop", name: "cart", images: ["ghcr.io/acme/cart:2.0.0"] });
    await waitFor("cart on the healthy cluster", () => ok.latest("cart"));
    expect(ok.errors).toEqual([]);

    // The unavailable cluster comes back and syncs on its next retry.
    broken.setUnavailable(false);
    await waitFor("recovered cluster synced", () => unavailable.synced.length > 0, 20_000);
    expect(unavailable.latest("reports")).toBeDefined();
    await waitFor("recovered cluster ok", () => unavailable.watcher.state().syncState === "ok");
    // Failures before the first sync are covered by it: no separate recovery signal.
    expect(unavailable.synced).toEqual([{ initial: true }]);
    expect(unavailable.watcher.state().lastError).toContain("HTTP 503");
  });

  it("reconnects after a dropped watch and loses nothing, resuming from its resourceVersion without relisting", async () => {
    const server = await fakeCluster();
    server.upsert("Namespace", namespaceFixture("shop"));
    deploy(server, { namespace: "shop", name: "checkout", images: ["ghcr.io/acme/checkout:1.4.2"], replicas: 2 });
    const recorded = watch(connect("prod-eu", server.url));
    await waitFor("initial sync", () => recorded.synced.length > 0);
    await waitFor("all five watches open", () => server.openWatchCount() === 5);
    const listsBefore = listCount(server, "/apis/apps/v1/deployments");

    // The connection is cut; changes happen before the watcher can reconnect.
    expect(server.dropAllWatches()).toBe(5);
    const stored = server.get("Deployment", "shop", "checkout");
    if (stored?.spec === undefined) throw new Error("checkout missing");
    stored.spec.replicas = 4;
    server.upsert("Deployment", stored);
    deploy(server, { namespace: "shop", name: "cart", images: ["ghcr.io/acme/cart:2.0.0"] });

    await waitFor("scaled checkout", () => recorded.upserts.find((observation) => observation.name === "checkout" && observation.replicasDesired === 4));
    await waitFor("cart", () => recorded.latest("cart"));
    await waitFor("recovered", () => recorded.synced.some((info) => !info.initial));
    expect(recorded.watcher.state()).toMatchObject({ syncState: "ok", lastError: expect.stringContaining("the connection to the API server failed (ERR_STREAM_PREMATURE_CLOSE)") });
    expect(recorded.errors.every((error) => error.attempt === 1)).toBe(true);
    expect(listCount(server, "/apis/apps/v1/deployments")).toBe(listsBefore);
    expect(recorded.deletes).toEqual([]);
  });

  it("resumes after watches end cleanly (an API server's watch timeout) without an error", async () => {
    const server = await fakeCluster();
    server.upsert("Namespace", namespaceFixture("shop"));
    const recorded = watch(connect("prod-eu", server.url));
    await waitFor("initial sync", () => recorded.synced.length > 0);
    await waitFor("all five watches open", () => server.openWatchCount() === 5);

    server.endAllWatches();
    deploy(server, { namespace: "shop", name: "cart", images: ["ghcr.io/acme/cart:2.0.0"] });
    await waitFor("cart", () => recorded.latest("cart"));
    expect(recorded.errors).toEqual([]);
    expect(recorded.watcher.state().syncState).toBe("ok");
  });

  it("after 410 Gone relists and reports what was deleted, changed and re-created while it was disconnected", async () => {
    const server = await fakeCluster();
    server.upsert("Namespace", namespaceFixture("shop"));
    deploy(server, { namespace: "shop", name: "checkout", images: ["ghcr.io/acme/checkout:1.4.2"] });
    deploy(server, { namespace: "shop", name: "cart", images: ["ghcr.io/acme/cart:2.0.0"] });
    const search = deploy(server, { namespace: "shop", name: "search", images: ["ghcr.io/acme/search:5.0.0"] });
    const recorded = watch(connect("prod-eu", server.url));
    await waitFor("initial sync", () => recorded.synced.length > 0);
    await waitFor("all five watches open", () => server.openWatchCount() === 5);
    const listsBefore = listCount(server, "/apis/apps/v1/deployments");

    // Disconnected: the API server goes away, things change, and its watch history is compacted.
    server.setUnavailable(true);
    server.remove("Deployment", "shop", "cart");
    const checkout = server.get("Deployment", "shop", "checkout");
    if (checkout?.spec === undefined) throw new Error("checkout missing");
    const container = checkout.spec.template.spec?.containers[0];
    if (container === undefined) throw new Error("no container");
    container.image = "ghcr.io/acme/checkout:1.5.0";
    server.upsert("Deployment", checkout);
    server.remove("Deployment", "shop", "search");
    const searchAgain = deploy(server, { namespace: "shop", name: "search", images: ["ghcr.io/acme/search:6.0.0"] });
    server.compactHistory();
    server.setUnavailable(false);

    const cartDeleted = await waitFor("cart deleted after relist", () => recorded.deletes.find((entry) => entry.key.name === "cart"), 20_000);
    expect(cartDeleted.key.kind).toBe("Deployment");
    await waitFor("checkout's new image", () => recorded.upserts.find((observation) => observation.name === "checkout" && observation.images[0] === "ghcr.io/acme/checkout:1.5.0"));
    const searchDeleted = await waitFor("old search deleted", () => recorded.deletes.find((entry) => entry.key.name === "search"));
    expect(searchDeleted.key.uid).toBe(search.metadata?.uid);
    const newSearch = await waitFor("new search", () => recorded.upserts.find((observation) => observation.name === "search" && observation.uid === searchAgain.metadata?.uid));
    expect(newSearch.images).toEqual(["ghcr.io/acme/search:6.0.0"]);

    // It really was a 410 and a relist, not a replay.
    expect(listCount(server, "/apis/apps/v1/deployments")).toBeGreaterThan(listsBefore);
    await waitFor("ok again", () => recorded.watcher.state().syncState === "ok");
    expect(recorded.watcher.workloads().map((workload) => workload.name).sort()).toEqual(["checkout", "search"]);
  });

  it("asks for bookmarks, so a reconnect after a quiet period resumes instead of relisting", async () => {
    const server = await fakeCluster({ bookmarkIntervalMs: 20 });
    server.upsert("Namespace", namespaceFixture("shop"));
    deploy(server, { namespace: "shop", name: "checkout", images: ["ghcr.io/acme/checkout:1.4.2"] });
    const recorded = watch(connect("prod-eu", server.url));
    await waitFor("initial sync", () => recorded.synced.length > 0);
    await waitFor("all five watches open", () => server.openWatchCount() === 5);
    expect(server.requestLog().filter((request) => request.watch).every((request) => request.query.includes("allowWatchBookmarks=true"))).toBe(true);

    // Other kinds move the global resourceVersion past the last Deployment event, then
    // the history is compacted: only a bookmark lets the deployments watch resume.
    for (let index = 0; index < 3; index++) server.upsert("Namespace", namespaceFixture(`team-${index}`));
    const bookmarksBefore = server.bookmarkCount();
    await waitFor("a bookmark for every watch", () => server.bookmarkCount() >= bookmarksBefore + 10);
    server.compactHistory();
    const listsBefore = listCount(server, "/apis/apps/v1/deployments");
    server.dropAllWatches("Deployment");
    await waitFor("deployments watch back", () => server.openWatchCount() === 5);
    deploy(server, { namespace: "shop", name: "cart", images: ["ghcr.io/acme/cart:2.0.0"] });
    await waitFor("cart", () => recorded.latest("cart"));
    expect(listCount(server, "/apis/apps/v1/deployments")).toBe(listsBefore);
  });

  it("slows down instead of spinning when every watch expires at once", async () => {
    const server = await fakeCluster();
    server.upsert("Namespace", namespaceFixture("shop"));
    const recorded = watch(connect("prod-eu", server.url));
    await waitFor("initial sync", () => recorded.synced.length > 0);
    await waitFor("all five watches open", () => server.openWatchCount() === 5);

    const requestsBefore = server.requestCount();
    server.setWatchMode("expire");
    server.endAllWatches();
    await waitFor("throttling reported", () => recorded.errors.filter((error) => error.message.includes("right after connecting")).length >= 10);
    // Unthrottled, client-node relists and rewatches in a tight loop (about 500 requests a second here).
    const throttledRequests = server.requestCount() - requestsBefore;
    expect(throttledRequests).toBeLessThan(300);

    server.setWatchMode("normal");
    deploy(server, { namespace: "shop", name: "cart", images: ["ghcr.io/acme/cart:2.0.0"] });
    await waitFor("cart after the storm", () => recorded.latest("cart"), 20_000);
  });

  it("waits for a namespace that arrives after its workload, so the first mapping already has its annotations", async () => {
    const server = await fakeCluster();
    server.upsert("Namespace", namespaceFixture("shop"));
    const recorded = watch(connect("prod-eu", server.url), { namespaceWaitMs: 10_000 });
    await waitFor("initial sync", () => recorded.synced.length > 0);
    await waitFor("all five watches open", () => server.openWatchCount() === 5);

    // Cut only the namespaces stream: the Deployment arrives on its own stream first.
    expect(server.dropAllWatches("Namespace")).toBe(1);
    server.upsert("Namespace", namespaceFixture("ml", { "plumbline.dev/owner": "ml-team" }));
    deploy(server, { namespace: "ml", name: "trainer", images: ["ghcr.io/acme/trainer:1.0.0"] });
    const trainer = await waitFor("trainer", () => recorded.latest("trainer"));
    expect(trainer.namespaceAnnotations).toEqual({ "plumbline.dev/owner": "ml-team" });
    expect(recorded.upserts.filter((observation) => observation.name === "trainer")).toHaveLength(1);
  });

  it("stop() closes every connection and makes no further requests, even while retrying", async () => {
    const server = await fakeCluster();
    server.upsert("Namespace", namespaceFixture("shop"));
    const running = recordClusterWatcher(connect("running", server.url));
    await waitFor("initial sync", () => running.synced.length > 0);
    await waitFor("all five watches open", () => server.openWatchCount() === 5);
    await running.watcher.stop();
    await waitFor("watches closed", () => server.openWatchCount() === 0);

    const down = await fakeCluster();
    down.setUnavailable(true);
    const retrying = recordClusterWatcher(connect("retrying", down.url));
    await waitFor("retrying", () => retrying.errors.length >= 5);
    await retrying.watcher.stop();
    // A request the watcher sent just before stop() can still be on its way in (the fake server
    // shares this event loop, and a busy machine delays its turn): count once arrivals settle.
    const requestsAtStop = await settledRequestCount(down);
    const errorsAtStop = retrying.errors.length;
    down.setUnavailable(false);
    // sleep: proving that nothing happens takes time passing: twice the longest retry delay
    // (maxMs 400 in these tests; the watcher's timers are not injectable).
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(down.requestCount()).toBe(requestsAtStop);
    expect(retrying.errors.length).toBe(errorsAtStop);
    expect(down.openWatchCount()).toBe(0);
    expect(running.upserts.length + retrying.upserts.length).toBe(0);
  });
});

/** The server's request count once it has stayed the same for one 200 ms poll. */
async function settledRequestCount(server: FakeApiServer): Promise<number> {
  let last = -1;
  await waitFor(
    "requests sent before stop() to arrive",
    () => {
      const now = server.requestCount();
      const settled = now === last;
      last = now;
      return settled;
    },
    { intervalMs: 200 },
  );
  return last;
}

/** A loopback URL that refuses connections: a port that was just bound and released. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
