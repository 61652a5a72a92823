import { loadClusters, type LoadedClusters } from "@/integrations/kubernetes/load-clusters.ts";
import { startDemoCluster, type DemoCluster } from "@/server/demo/demo-cluster.ts";
import { ensureDefaultOrganization } from "@/server/tenancy/default-organization.ts";
import type { TRunningWorker, TWorkerDefinition } from "../worker-definition.ts";
import { startClusterDiscovery, type TClusterDiscovery } from "./cluster-discovery.ts";

/** Whether this process can reach any cluster: a kubeconfig, or a pod's service account. */
function hasClusterConfig(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.KUBECONFIG?.trim() || env.KUBERNETES_SERVICE_HOST?.trim());
}

/**
 * Kubernetes discovery: one watcher per cluster (KUBECONFIG contexts, or the pod's own
 * cluster; in demo mode the simulated demo cluster), each writing through the workload
 * use cases. A cluster that cannot be reached or set up is logged and retried by its
 * watcher; it never stops the others.
 */
export const kubernetesDiscoveryWorker: TWorkerDefinition = {
  name: "kubernetes-discovery",
  isEnabled: (ctx) => ctx.demo || hasClusterConfig(process.env),
  async start(ctx): Promise<TRunningWorker> {
    const { log } = ctx;
    const organization = await ensureDefaultOrganization();
    let demoCluster: DemoCluster | null = null;
    let loaded: LoadedClusters = { clusters: [], warnings: [] };
    try {
      if (ctx.demo) {
        demoCluster = await startDemoCluster({ organizationId: organization.id, log });
        loaded = loadClusters({ explicit: [{ name: demoCluster.name, server: demoCluster.url }] });
      } else {
        loaded = loadClusters({ inClusterName: process.env.PLUMBLINE_IN_CLUSTER_NAME?.trim() || undefined });
      }
    } catch (error) {
      // A kubeconfig that cannot be read is a configuration error worth a loud line, not a crash.
      log.error({ err: error }, "could not load the Kubernetes clusters to watch");
    }
    for (const warning of loaded.warnings) log.warn(warning);

    const discoveries: TClusterDiscovery[] = [];
    for (const connection of loaded.clusters) {
      try {
        discoveries.push(await startClusterDiscovery({ organizationId: organization.id, connection, log }));
        log.info({ cluster: connection.name, server: connection.server, source: connection.source }, "watching cluster");
      } catch (error) {
        log.error({ err: error, cluster: connection.name }, "could not start watching this cluster; the others keep running");
      }
    }
    return {
      async stop() {
        await Promise.all(discoveries.map((discovery) => discovery.stop()));
        await demoCluster?.stop();
      },
    };
  },
};
