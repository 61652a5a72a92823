import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { singleClusterKubeconfig } from "@/integrations/kubernetes/fake-api-server/kubeconfig-fixture.ts";
import { childProcessEnv, overrideConfig } from "@/server/config/get-config.ts";
import { parseConfig } from "@/server/config/parse-config.ts";
import { ensureDefaultOrganization } from "@/server/identity/default-organization.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { upsertIntegrationRow } from "@/server/integrations/integrations.repository.ts";
import { sealSecret } from "@/server/integrations/secret-box.ts";
import type { TJobQueue } from "@/server/jobs/job-queue.ts";
import { newWorkerProcess } from "@/server/system/worker-process.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import type { TWorkerContext } from "@/workers/worker-definition.ts";
import { kubernetesDiscoveryWorker } from "./kubernetes-discovery-worker.ts";

// The discovery worker loads the Kubernetes client (watch-clusters.ts, ~20-27 MB of heap kept
// for good) only when there is a cluster to watch. Stands in for watch-clusters.ts: whether and
// with what the worker calls it (what it then does is tested in server/workloads and scale-out).
const watchClusters = vi.hoisted(() => vi.fn((..._args: unknown[]) => Promise.resolve({ stop: () => Promise.resolve() })));
vi.mock("./watch-clusters.ts", () => ({ watchClusters }));

const silent = pino({ level: "silent" });
const context = (demo: boolean): TWorkerContext => ({ queue: {} as TJobQueue, log: silent, demo, process: newWorkerProcess() });

const kubeconfig = singleClusterKubeconfig("https://127.0.0.1:6443");

describe.each(TEST_DATABASE_KINDS)("the Kubernetes discovery worker on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let restoreConfig: (() => void) | undefined;
  const configure = (env: Record<string, string>) => {
    restoreConfig?.();
    restoreConfig = overrideConfig(parseConfig(childProcessEnv({ KUBECONFIG: "", KUBERNETES_SERVICE_HOST: "", ...env })));
  };

  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => {
    restoreConfig?.();
    await db?.close();
  });
  beforeEach(() => {
    watchClusters.mockClear();
    configure({});
  });

  it("with no cluster anywhere runs nothing and never loads the client", async () => {
    const running = await kubernetesDiscoveryWorker.start(context(false));
    await running.stop();
    expect(watchClusters).not.toHaveBeenCalled();
  });

  it("watches an organization's configured cluster", async () => {
    const organization = await upsertOrganization("k8s-tenant", "Tenant");
    await upsertIntegrationRow(organization.id, { kind: "kubernetes", name: "prod", config: { context: "tenant" }, secretCiphertext: await sealSecret(kubeconfig) });
    const defaultOrganization = await ensureDefaultOrganization();
    const running = await kubernetesDiscoveryWorker.start(context(false));
    await running.stop();
    expect(watchClusters).toHaveBeenCalledTimes(1);
    expect(watchClusters.mock.calls[0]?.slice(1)).toEqual([defaultOrganization.id, [{ organizationId: organization.id, name: "prod", kubeconfig, context: "tenant" }]]);
  });

  it("watches the demo cluster in demo mode, and KUBECONFIG's or the pod's clusters when set", async () => {
    await (await kubernetesDiscoveryWorker.start(context(true))).stop();
    configure({ KUBECONFIG: "/nonexistent/kubeconfig" });
    await (await kubernetesDiscoveryWorker.start(context(false))).stop();
    configure({ KUBERNETES_SERVICE_HOST: "10.0.0.1" });
    await (await kubernetesDiscoveryWorker.start(context(false))).stop();
    expect(watchClusters).toHaveBeenCalledTimes(3);
  });
});
