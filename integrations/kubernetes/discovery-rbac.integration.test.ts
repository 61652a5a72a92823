// The discovery ClusterRole (deploy/kubernetes/base/discovery-rbac.yaml) against what the
// code really does: the cluster watcher runs against the fake API server, every request it
// makes becomes (API group, resource, verb), and each must be granted by the role, while
// the role grants nothing the watcher does not use (least privilege). When code starts
// reading a new resource, this fails until the role grants it.
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { renderOverlay } from "@/deploy/kubernetes/render-overlay.ts";
import { startFakeApiServer, type FakeRequestRecord } from "@/integrations/kubernetes/fake-api-server/fake-api-server.ts";
import { deploymentFixture, namespaceFixture, serviceFixture } from "@/integrations/kubernetes/fake-api-server/workload-fixtures.ts";
import { recordClusterWatcher } from "@/integrations/kubernetes/testing/record-cluster-watcher.ts";
import { loadClusters } from "./load-clusters.ts";
import { waitFor } from "@/server/testing/wait-for.ts";

interface TRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** `GET /apis/apps/v1/namespaces/shop/deployments/x?watch=1` → apps, deployments, get (or list/watch). */
function toAccess(request: FakeRequestRecord): { group: string; resource: string; verb: string } {
  const match = /^\/(?:api\/v1|apis\/([^/]+)\/[^/]+)\/(.*)$/.exec(request.path);
  if (!match?.[2]) throw new Error(`not a Kubernetes API path: ${request.path}`);
  const segments = match[2].split("/");
  const namespaced = segments[0] === "namespaces" && segments.length >= 3;
  const [resource, name] = namespaced ? [segments[2], segments[3]] : [segments[0], segments[1]];
  if (!resource) throw new Error(`no resource in ${request.path}`);
  const verb = request.method !== "GET" ? request.method.toLowerCase() : request.watch ? "watch" : name ? "get" : "list";
  return { group: match[1] ?? "", resource, verb };
}

function discoveryRules(): TRule[] {
  const role = renderOverlay("small").find((m) => m.kind === "ClusterRole" && m.metadata.name === "plumbline-discovery");
  if (!role) throw new Error("no plumbline-discovery ClusterRole rendered");
  return (role as unknown as { rules: TRule[] }).rules;
}

describe("the discovery ClusterRole grants exactly what the cluster watcher reads", () => {
  it("covers every request of a full sync plus live watches, grants only get/list/watch, and nothing unused", async () => {
    const server = await startFakeApiServer();
    cleanups.push(() => server.close());
    server.upsert("Namespace", namespaceFixture("shop"));
    server.upsert("Deployment", deploymentFixture({ namespace: "shop", name: "checkout", images: ["ghcr.io/acme/checkout:1.0.0"] }));
    server.upsert("Service", serviceFixture("shop", "checkout", { "app.kubernetes.io/instance": "checkout" }));
    const [connection] = loadClusters({ explicit: [{ name: "rbac", server: server.url, token: "t" }] }).clusters;
    if (!connection) throw new Error("no connection");
    const recorded = recordClusterWatcher(connection);
    cleanups.push(() => recorded.watcher.stop());
    await waitFor("the initial sync", () => recorded.synced.length > 0);
    await waitFor("the Service", () => recorded.services.length > 0);
    await waitFor("a watch on every listed resource", () => {
      const accesses = server.requestLog().map(toAccess);
      const listed = new Set(accesses.filter((a) => a.verb === "list").map((a) => `${a.group}/${a.resource}`));
      const watched = new Set(accesses.filter((a) => a.verb === "watch").map((a) => `${a.group}/${a.resource}`));
      return listed.size > 0 && [...listed].every((key) => watched.has(key));
    });

    const rules = discoveryRules();
    const allowed = (a: { group: string; resource: string; verb: string }) =>
      rules.some((rule) => rule.apiGroups.includes(a.group) && rule.resources.includes(a.resource) && rule.verbs.includes(a.verb));
    const accesses = server.requestLog().map(toAccess);
    expect(accesses.filter((a) => !allowed(a))).toEqual([]);

    const used = new Set(accesses.map((a) => `${a.group}/${a.resource}`));
    const granted = new Set(rules.flatMap((rule) => rule.apiGroups.flatMap((group) => rule.resources.map((resource) => `${group}/${resource}`))));
    expect([...granted].sort()).toEqual([...used].sort());
    for (const rule of rules) expect([...rule.verbs].sort()).toEqual(["get", "list", "watch"]);
  });

  it("maps API paths to resources and verbs as the API server's authorizer does", () => {
    const request = (p: string, watch = false, method = "GET"): FakeRequestRecord => ({ method, path: p, watch, resourceVersion: null, query: "", status: 200 });
    expect(toAccess(request("/api/v1/namespaces"))).toEqual({ group: "", resource: "namespaces", verb: "list" });
    expect(toAccess(request("/api/v1/namespaces/shop"))).toEqual({ group: "", resource: "namespaces", verb: "get" });
    expect(toAccess(request("/api/v1/namespaces/shop/services", true))).toEqual({ group: "", resource: "services", verb: "watch" });
    expect(toAccess(request("/apis/apps/v1/namespaces/shop/deployments/checkout"))).toEqual({ group: "apps", resource: "deployments", verb: "get" });
    expect(toAccess(request("/apis/apps/v1/deployments", false, "PATCH"))).toEqual({ group: "apps", resource: "deployments", verb: "patch" });
  });

  it("the watcher is the only code that talks to the Kubernetes API (so the run above sees every access)", () => {
    const clientUse = /makeApiClient|makeInformer|new Watch\(|KubernetesObjectApi|ListWatch/;
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!["node_modules", "generated", "fake-api-server", "testing"].includes(entry.name)) walk(full);
        } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".test.ts") && clientUse.test(fs.readFileSync(full, "utf8"))) {
          offenders.push(path.relative(process.cwd(), full));
        }
      }
    };
    for (const dir of ["app", "cli", "integrations", "server", "workers"]) walk(path.join(process.cwd(), dir));
    expect(offenders.sort()).toEqual(["integrations/kubernetes/cluster-watcher.ts", "integrations/kubernetes/guarded-watch.ts", "integrations/kubernetes/supervised-informer.ts"]);
  });
});
