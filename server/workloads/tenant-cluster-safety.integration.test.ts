import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadClustersFromKubeconfigText } from "@/integrations/kubernetes/load-clusters.ts";
import { singleClusterKubeconfig } from "@/integrations/kubernetes/fake-api-server/kubeconfig-fixture.ts";
import { waitFor } from "@/server/testing/wait-for.ts";
import { getPrisma } from "@/server/db/client.ts";
import { parseConfig } from "@/server/config/parse-config.ts";
import { readEgressPolicy } from "@/server/http/egress-settings.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { openTestDatabase } from "@/server/testing/test-databases.ts";
import { startClusterDiscovery, type TClusterDiscovery } from "@/workers/kubernetes/cluster-discovery.ts";
import { listClusters } from "./list-clusters.ts";

// A tenant's cluster is untrusted: what its API server answers must not reach the tenant's
// pages verbatim (they could point it at an internal service and read its replies), and
// the server in its kubeconfig must obey the egress policy.

const silent = pino({ level: "silent" });
const SAAS = { DATABASE_URL: "postgres://saas/plumbline", PLUMBLINE_DEMO: "0" };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

/** An "internal service" that answers everything with a secret, and counts the requests it got. */
async function internalService(status: number): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  const server: Server = createServer((_req, res) => {
    hits += 1;
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ secret: "internal", message: "the secret internal message", kind: "Status", code: status }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits: () => hits };
}

const kubeconfig = (server: string) => singleClusterKubeconfig(server);

async function discoverTenantCluster(organizationId: string, server: string, env: Record<string, string>): Promise<TClusterDiscovery> {
  const policy = readEgressPolicy(parseConfig(env));
  const loaded = loadClustersFromKubeconfigText(kubeconfig(server), undefined, { policy: () => policy });
  const [connection] = loaded.clusters;
  if (connection === undefined) throw new Error(`no connection: ${loaded.warnings.join("; ")}`);
  const discovery = await startClusterDiscovery({ organizationId, connection, log: silent, watcher: { backoff: { initialMs: 50, maxMs: 300 } }, stateIntervalMs: 50 });
  cleanups.push(() => discovery.stop());
  return discovery;
}

function storedError(organizationId: string, discovery: TClusterDiscovery): Promise<string> {
  return waitFor(
    "the cluster's stored sync error",
    async () => {
      await discovery.idle();
      const row = await getPrisma().cluster.findUnique({ where: { organizationId_name: { organizationId, name: "tenant" } }, select: { lastError: true } });
      return row?.lastError ?? null;
    },
    { timeoutMs: 20_000, intervalMs: 50 },
  );
}

describe("a tenant's cluster (Postgres)", () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase("postgres");
  });
  afterAll(async () => {
    await db?.close();
  });

  it.each([
    [401, "HTTP 401 Unauthorized: the cluster refused the credentials"],
    [403, "HTTP 403 Forbidden: the credentials may not list or watch this resource (check RBAC)"],
    [500, "HTTP 500 Internal Server Error: the API server failed"],
    [418, "HTTP 418 I'm a Teapot: unexpected answer from the API server"],
  ])("never shows the API server's response body (HTTP %i) in the stored error or GET /api/v1/clusters", async (status, reason) => {
    const organization = await upsertOrganization(`k8s-echo-${status}-${Date.now()}`, "Echo");
    const internal = await internalService(status);
    const discovery = await discoverTenantCluster(organization.id, internal.url, { ...SAAS, PLUMBLINE_EGRESS_ALLOW: "127.0.0.1/32" });
    const lastError = await storedError(organization.id, discovery);
    expect(internal.hits()).toBeGreaterThan(0);
    expect(lastError).toContain(reason);
    // What GET /api/v1/clusters returns is listClusters' answer.
    const shown = JSON.stringify(await listClusters(organization.id));
    expect(shown).toContain(`HTTP ${status}`);
    expect(shown).not.toMatch(/secret|internal/);
  });

  it("does not connect to a loopback API server unless PLUMBLINE_EGRESS_ALLOW lists it, and says why", async () => {
    const organization = await upsertOrganization(`k8s-egress-${Date.now()}`, "Egress");
    const internal = await internalService(200);
    const discovery = await discoverTenantCluster(organization.id, internal.url, SAAS);
    const lastError = await storedError(organization.id, discovery);
    expect(lastError).toContain("127.0.0.1 is a loopback address; Plumbline does not connect to loopback, link-local or private addresses unless PLUMBLINE_EGRESS_ALLOW lists it");
    expect(internal.hits()).toBe(0);
  });

  it("does not connect through a host name that resolves to loopback either", async () => {
    const organization = await upsertOrganization(`k8s-egress-name-${Date.now()}`, "Egress by name");
    const internal = await internalService(200);
    const discovery = await discoverTenantCluster(organization.id, internal.url.replace("127.0.0.1", "localhost"), SAAS);
    const lastError = await storedError(organization.id, discovery);
    expect(lastError).toContain("localhost resolves to 127.0.0.1, a loopback address");
    expect(internal.hits()).toBe(0);
  });
});
