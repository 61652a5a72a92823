import { afterEach, describe, expect, it } from "vitest";
import { waitFor } from "@/server/testing/wait-for.ts";
import { startFakeApiServer, type FakeApiServer } from "./fake-api-server.ts";
import { deploymentFixture, namespaceFixture, serviceFixture } from "./workload-fixtures.ts";

interface WatchEvent {
  type: string;
  object: { kind?: string; code?: number; reason?: string; metadata?: { name?: string; resourceVersion?: string } };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fake(options: Parameters<typeof startFakeApiServer>[0] = {}): Promise<FakeApiServer> {
  const server = await startFakeApiServer(options);
  cleanups.push(() => server.close());
  return server;
}

/** Opens a watch with plain fetch and collects its newline-delimited events. */
async function openWatch(url: string): Promise<{ status: number; events: WatchEvent[]; ended: () => boolean; close: () => void }> {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal });
  const events: WatchEvent[] = [];
  let ended = false;
  const body = response.body;
  if (body === null) throw new Error("no body");
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      const reader = body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let newline: number;
        while ((newline = buffer.indexOf("\n")) >= 0) {
          events.push(JSON.parse(buffer.slice(0, newline)) as WatchEvent);
          buffer = buffer.slice(newline + 1);
        }
      }
    } catch {
      // Aborted by close() or destroyed by the server.
    }
    ended = true;
  })();
  cleanups.push(async () => controller.abort());
  return { status: response.status, events, ended: () => ended, close: () => controller.abort() };
}

function seed(server: FakeApiServer): void {
  server.upsert("Namespace", namespaceFixture("shop", { "plumbline.dev/owner": "payments" }));
  server.upsert("Namespace", namespaceFixture("ops"));
  server.upsert("Deployment", deploymentFixture({ namespace: "shop", name: "checkout", images: ["ghcr.io/acme/checkout:1.4.2"], labels: { tier: "web" } }));
  server.upsert("Deployment", deploymentFixture({ namespace: "ops", name: "grafana", images: ["grafana/grafana:11"] }));
  server.upsert("Service", serviceFixture("shop", "checkout", { app: "checkout" }));
}

describe("fake Kubernetes API server", () => {
  it("answers LIST like the API server: list kind, resourceVersion, items without type meta", async () => {
    const server = await fake();
    seed(server);
    const response = await fetch(`${server.url}/apis/apps/v1/deployments`);
    expect(response.headers.get("content-type")).toBe("application/json");
    const list = (await response.json()) as { kind: string; apiVersion: string; metadata: { resourceVersion: string }; items: { kind?: string; metadata: { name: string; uid: string; generation: number } }[] };
    expect(list).toMatchObject({ kind: "DeploymentList", apiVersion: "apps/v1", metadata: { resourceVersion: server.resourceVersion() } });
    // Sorted by namespace, then name: ops/grafana before shop/checkout.
    expect(list.items.map((item) => item.metadata.name)).toEqual(["grafana", "checkout"]);
    expect(list.items[0]).not.toHaveProperty("kind");
    expect(list.items[0]?.metadata.generation).toBe(1);
    expect(list.items[0]?.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ["/api/v1/namespaces", ["ops", "shop"]],
    ["/api/v1/namespaces/shop/services", ["checkout"]],
    ["/api/v1/services", ["checkout"]],
    ["/apis/apps/v1/namespaces/ops/deployments", ["grafana"]],
    ["/apis/apps/v1/deployments?labelSelector=tier%3Dweb", ["checkout"]],
    ["/apis/apps/v1/deployments?labelSelector=tier!%3Dweb", ["grafana"]],
    ["/apis/apps/v1/statefulsets", []],
    ["/apis/apps/v1/replicasets", []],
  ])("lists %s", async (path, names) => {
    const server = await fake();
    seed(server);
    const list = (await (await fetch(`${server.url}${path}`)).json()) as { items: { metadata: { name: string } }[] };
    expect(list.items.map((item) => item.metadata.name).sort()).toEqual(names);
  });

  it.each([
    ["/api/v1/namespaces/shop", 200],
    ["/apis/apps/v1/namespaces/shop/deployments/checkout", 200],
    ["/apis/apps/v1/namespaces/shop/deployments/nope", 404],
    ["/apis/apps/v1/daemonsets", 404],
    ["/api/v1/services/checkout", 404],
    ["/apis/apps/v1/deployments?fieldSelector=metadata.name%3Dx", 400],
    ["/apis/apps/v1/deployments?labelSelector=tier%20in%20(web)", 400],
  ])("GET %s → %i with a Status body on errors", async (path, status) => {
    const server = await fake();
    seed(server);
    const response = await fetch(`${server.url}${path}`);
    expect(response.status).toBe(status);
    const body = (await response.json()) as { kind: string; code?: number };
    if (status !== 200) expect(body).toMatchObject({ kind: "Status", code: status });
  });

  it("streams the current state to a watch without resourceVersion, then live events, with headers flushed at once", async () => {
    const server = await fake();
    seed(server);
    // No event is pending on the namespaced statefulsets watch: fetch resolving proves the flush.
    const empty = await openWatch(`${server.url}/apis/apps/v1/namespaces/shop/statefulsets?watch=true`);
    expect(empty.status).toBe(200);

    const watch = await openWatch(`${server.url}/apis/apps/v1/namespaces/shop/deployments?watch=true`);
    await waitFor("initial ADDED", () => watch.events.length === 1);
    expect(watch.events[0]).toMatchObject({ type: "ADDED", object: { kind: "Deployment", metadata: { name: "checkout" } } });

    const stored = server.get("Deployment", "shop", "checkout");
    if (stored?.spec === undefined || stored.metadata === undefined) throw new Error("missing");
    stored.spec.replicas = 4;
    server.upsert("Deployment", stored);
    server.upsert("Deployment", deploymentFixture({ namespace: "ops", name: "loki", images: ["grafana/loki:3"] }));
    server.remove("Deployment", "shop", "checkout");
    await waitFor("MODIFIED and DELETED", () => watch.events.length === 3);
    expect(watch.events.map((event) => event.type)).toEqual(["ADDED", "MODIFIED", "DELETED"]);
    expect(watch.events[2]?.object.metadata?.resourceVersion).toBe(server.resourceVersion());
    expect(server.get("Deployment", "shop", "checkout")).toBeUndefined();
  });

  it("replays history after a resourceVersion, and answers 410 Expired once it is compacted", async () => {
    const server = await fake();
    seed(server);
    const from = server.resourceVersion();
    server.upsert("Deployment", deploymentFixture({ namespace: "shop", name: "cart", images: ["ghcr.io/acme/cart:2"] }));
    server.remove("Deployment", "ops", "grafana");

    const replay = await openWatch(`${server.url}/apis/apps/v1/deployments?watch=true&resourceVersion=${from}`);
    await waitFor("replayed events", () => replay.events.length === 2);
    expect(replay.events.map((event) => `${event.type} ${event.object.metadata?.name}`)).toEqual(["ADDED cart", "DELETED grafana"]);

    server.compactHistory();
    const current = await openWatch(`${server.url}/apis/apps/v1/deployments?watch=true&resourceVersion=${server.resourceVersion()}`);
    expect(current.status).toBe(200);
    const expired = await openWatch(`${server.url}/apis/apps/v1/deployments?watch=true&resourceVersion=${from}`);
    await waitFor("410 and end", () => expired.ended());
    expect(expired.events).toEqual([{ type: "ERROR", object: expect.objectContaining({ kind: "Status", code: 410, reason: "Expired" }) }]);
    expect(current.ended()).toBe(false);
  });

  it("expires resume points that fell out of the bounded history", async () => {
    const server = await fake({ historyLimit: 3 });
    server.upsert("Namespace", namespaceFixture("shop"));
    const from = server.resourceVersion();
    for (let index = 0; index < 5; index++) server.upsert("Deployment", deploymentFixture({ namespace: "shop", name: `d${index}`, images: ["x:1"] }));
    const expired = await openWatch(`${server.url}/apis/apps/v1/deployments?watch=true&resourceVersion=${from}`);
    await waitFor("410", () => expired.ended());
    expect(expired.events[0]?.object.code).toBe(410);
  });

  it("sends bookmarks carrying the current resourceVersion to watches that ask for them", async () => {
    const server = await fake({ bookmarkIntervalMs: 20 });
    seed(server);
    const watch = await openWatch(`${server.url}/api/v1/namespaces?watch=true&resourceVersion=${server.resourceVersion()}&allowWatchBookmarks=true`);
    server.upsert("Deployment", deploymentFixture({ namespace: "shop", name: "cart", images: ["x:1"] }));
    const bookmark = await waitFor("bookmark", () => watch.events.find((event) => event.type === "BOOKMARK"));
    expect(bookmark.object).toEqual({ kind: "Namespace", apiVersion: "v1", metadata: { resourceVersion: server.resourceVersion() } });
  });

  it("bumps generation on spec changes only and keeps uid and creation time", async () => {
    const server = await fake();
    seed(server);
    const first = server.get("Deployment", "shop", "checkout");
    if (first?.metadata === undefined || first.spec === undefined) throw new Error("missing");
    const labelled = server.upsert("Deployment", { ...first, metadata: { ...first.metadata, labels: { tier: "api" } } });
    expect(labelled.metadata?.generation).toBe(1);
    const scaled = server.upsert("Deployment", { ...labelled, spec: { ...first.spec, replicas: 9 } });
    expect(scaled.metadata).toMatchObject({ generation: 2, uid: first.metadata.uid, creationTimestamp: first.metadata.creationTimestamp });
    expect(Number(scaled.metadata?.resourceVersion)).toBeGreaterThan(Number(first.metadata.resourceVersion));
  });

  it("refuses objects in a namespace that does not exist, and deleting a namespace deletes its contents", async () => {
    const server = await fake();
    seed(server);
    expect(() => server.upsert("Deployment", deploymentFixture({ namespace: "nowhere", name: "x", images: ["x:1"] }))).toThrow(/namespace "nowhere" does not exist/);
    const watch = await openWatch(`${server.url}/apis/apps/v1/deployments?watch=true&resourceVersion=${server.resourceVersion()}`);
    expect(server.remove("Namespace", null, "shop")).toBe(true);
    await waitFor("deployment deleted with its namespace", () => watch.events.length === 1);
    expect(watch.events[0]).toMatchObject({ type: "DELETED", object: { metadata: { name: "checkout" } } });
    expect(server.remove("Namespace", null, "shop")).toBe(false);
  });

  it("counts open watches per kind and the most open at once", async () => {
    const server = await fake();
    seed(server);
    const first = await openWatch(`${server.url}/apis/apps/v1/deployments?watch=true`);
    const second = await openWatch(`${server.url}/apis/apps/v1/deployments?watch=true`);
    await openWatch(`${server.url}/api/v1/services?watch=true`);
    expect(server.openWatchCountByKind()).toMatchObject({ Deployment: 2, Service: 1, Namespace: 0 });
    expect(server.dropAllWatches("Deployment")).toBe(2);
    await waitFor("deployment watches over", () => first.ended() && second.ended());
    expect(server.openWatchCountByKind()).toMatchObject({ Deployment: 0, Service: 1 });
    expect(server.peakWatchCountByKind()).toMatchObject({ Deployment: 2, Service: 1, StatefulSet: 0 });
    server.resetPeakWatchCounts();
    expect(server.peakWatchCountByKind()).toMatchObject({ Deployment: 0, Service: 1 });
  });

  it("answers 503 while unavailable, drops or ends open watches on request, and closes with watches open", async () => {
    const server = await startFakeApiServer();
    seed(server);
    const dropped = await openWatch(`${server.url}/api/v1/namespaces?watch=true`);
    const ended = await openWatch(`${server.url}/api/v1/services?watch=true`);
    expect(server.openWatchCount()).toBe(2);
    expect(server.dropAllWatches("Namespace")).toBe(1);
    expect(server.endAllWatches()).toBe(1);
    await waitFor("both watches over", () => dropped.ended() && ended.ended());

    server.setUnavailable(true);
    const refused = await fetch(`${server.url}/api/v1/namespaces`);
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ kind: "Status", code: 503, reason: "ServiceUnavailable" });
    server.setUnavailable(false);
    expect((await fetch(`${server.url}/api/v1/namespaces`)).status).toBe(200);

    await openWatch(`${server.url}/api/v1/namespaces?watch=true`);
    expect(server.requestLog().at(-1)).toMatchObject({ path: "/api/v1/namespaces", watch: true, status: 200 });
    await server.close();
    await expect(fetch(`${server.url}/api/v1/namespaces`)).rejects.toThrow();
  });
});
