import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { EdgeSample, WorkloadRef } from "@/domain/telemetry/telemetry-types.ts";
import { startFakeApiServer } from "@/integrations/kubernetes/fake-api-server/fake-api-server.ts";
import { deploymentFixture, namespaceFixture, withRolloutStatus } from "@/integrations/kubernetes/fake-api-server/workload-fixtures.ts";
import { loadClusters } from "@/integrations/kubernetes/load-clusters.ts";
import { getPrisma } from "@/server/db/client.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { waitFor } from "@/server/testing/wait-for.ts";
import { readMeshEdges, ScriptedTelemetrySource } from "@/server/telemetry/testing/telemetry-test-fixtures.ts";
import { startClusterDiscovery } from "@/workers/kubernetes/cluster-discovery.ts";
import { ingestMeshTelemetry } from "./ingest-mesh-telemetry.ts";

// Kubernetes discovery (fake API server, real informers) maps bookinfo's versioned
// Deployments to services by their `app.kubernetes.io/name` label and records the pods'
// service account; the mesh worker then attributes telemetry naming those workloads — by
// workload name or by Linkerd identity — to the services discovery computed.

const silent = pino({ level: "silent" });
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

const edge = (caller: WorkloadRef | null, callee: WorkloadRef, rate: number): EdgeSample => ({
  callerWorkload: caller,
  calleeWorkload: callee,
  requestRate: rate,
  successRatio: 0.99,
  latencyP50Ms: 10,
  latencyP95Ms: 40,
  latencyP99Ms: 80,
});

describe.each(TEST_DATABASE_KINDS)("discovery labels feed mesh attribution on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("reviews-v2 and reviews-v3 (app.kubernetes.io/name: reviews) both feed reviews; a Linkerd identity of their service account does too", async () => {
    const org = (await upsertOrganization(`discovery-mesh-${kind}`, "Discovery mesh")).id;
    const server = await startFakeApiServer();
    cleanups.push(() => server.close());
    server.upsert("Namespace", namespaceFixture("bookinfo"));
    const deploy = (name: string, app: string, serviceAccountName: string) =>
      server.upsert(
        "Deployment",
        withRolloutStatus(
          server.upsert("Deployment", deploymentFixture({ namespace: "bookinfo", name, images: [`docker.io/istio/examples-bookinfo-${name}:1.18.0`], labels: { "app.kubernetes.io/name": app }, serviceAccountName, revision: 1 })),
          "complete",
        ),
      );
    deploy("productpage-v1", "productpage", "bookinfo-productpage");
    deploy("reviews-v2", "reviews", "bookinfo-reviews");
    deploy("reviews-v3", "reviews", "bookinfo-reviews");

    const [connection] = loadClusters({ explicit: [{ name: "prod", server: server.url, token: "t" }] }).clusters;
    if (connection === undefined) throw new Error("no connection");
    const discovery = await startClusterDiscovery({ organizationId: org, connection, log: silent, watcher: { backoff: { initialMs: 50, maxMs: 300 } }, retryDelaysMs: [50, 100], stateIntervalMs: 50 });
    cleanups.push(() => discovery.stop());
    const rows = await waitFor(
      "discovery to map the three Deployments",
      async () => {
        await discovery.idle();
        const found = await getPrisma().workload.findMany({
          where: { organizationId: org, deletedAt: null },
          select: { name: true, serviceAccountName: true, service: { select: { slug: true } } },
          orderBy: { name: "asc" },
        });
        return found.length === 3 ? found : null;
      },
      { timeoutMs: 25_000, intervalMs: 25 },
    );
    expect(rows.map((r) => [r.name, r.service?.slug, r.serviceAccountName])).toEqual([
      ["productpage-v1", "productpage", "bookinfo-productpage"],
      ["reviews-v2", "reviews", "bookinfo-reviews"],
      ["reviews-v3", "reviews", "bookinfo-reviews"],
    ]);

    const bookinfo = (name: string): WorkloadRef => ({ namespace: "bookinfo", name });
    // A Linkerd callee series without dst_deployment: only the proxy's server_id names it.
    const byIdentity: WorkloadRef = {
      namespace: "bookinfo",
      name: "",
      hints: {
        dialect: "linkerd",
        workloadLabel: "dst_deployment",
        labels: { dst_namespace: "bookinfo", server_id: "bookinfo-reviews.bookinfo.serviceaccount.identity.linkerd.cluster.local" },
        identity: "bookinfo-reviews.bookinfo.serviceaccount.identity.linkerd.cluster.local",
      },
    };
    const source = new ScriptedTelemetrySource();
    source.edges = [edge(bookinfo("productpage-v1"), bookinfo("reviews-v2"), 12), edge(bookinfo("productpage-v1"), bookinfo("reviews-v3"), 8), edge(null, byIdentity, 3)];
    const result = await ingestMeshTelemetry(org, source, new Date(), { windows: ["5m"] });
    expect(result.edges.ok).toBe(true);
    expect((await readMeshEdges(org)).map((e) => [e.key, e.requestRate])).toEqual([
      ["mesh:productpage->reviews", 20],
      ["mesh:unknown->reviews", 3],
    ]);
    const rules = result.coverage?.endpoints.filter((e) => e.role === "callee").map((e) => [e.workload, e.serviceSlug, e.rule]);
    expect(rules?.sort()).toEqual([
      ["", "reviews", "service-account"],
      ["reviews-v2", "reviews", "discovered-workload"],
      ["reviews-v3", "reviews", "discovered-workload"],
    ]);
    expect(result.coverage?.unmatchedEndpoints).toBe(0);
  });
});
