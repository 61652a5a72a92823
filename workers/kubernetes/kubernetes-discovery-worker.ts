import { getConfig } from "@/server/config/get-config.ts";
import { listOrganizationKubeconfigs, type TOrganizationKubeconfig } from "@/server/integrations/list-organization-kubeconfigs.ts";
import { ensureDefaultOrganization } from "@/server/identity/default-organization.ts";
import type { TRunningWorker, TWorkerDefinition } from "@/workers/worker-definition.ts";

/**
 * Kubernetes discovery: one watcher per cluster (KUBECONFIG contexts, or the pod's own
 * cluster; in demo mode the simulated demo cluster) for the default organization, plus
 * the clusters each organization configured on /settings/integrations (read at start: a
 * new one is watched after the next restart), each writing into its own organization.
 *
 * Any number of worker processes may run this: each cluster is watched by exactly one of
 * them at a time, the holder of the cluster's lease (server/system/hold-lease.ts). The
 * others keep claiming it and take over within the lease's time to live when the holder
 * dies. The demo cluster (an API server inside the worker process) runs in its holder too,
 * restored from the stored workloads, so a takeover continues the same story.
 *
 * A cluster that cannot be reached or set up is logged and retried by its watcher; it
 * never stops the others. With no cluster anywhere the worker runs nothing and never loads
 * the Kubernetes client (watch-clusters.ts).
 */
export const kubernetesDiscoveryWorker: TWorkerDefinition = {
  name: "kubernetes-discovery",
  // Always on: any organization may configure a cluster.
  isEnabled: () => true,
  async start(ctx): Promise<TRunningWorker> {
    const organization = await ensureDefaultOrganization();
    let organizationKubeconfigs: TOrganizationKubeconfig[] = [];
    try {
      organizationKubeconfigs = await listOrganizationKubeconfigs();
    } catch (error) {
      ctx.log.error({ err: error }, "could not load the organizations' configured clusters");
    }
    const { kubeconfigPaths, serviceHost } = getConfig().kubernetes;
    if (!ctx.demo && kubeconfigPaths.length === 0 && serviceHost === null && organizationKubeconfigs.length === 0) return { stop: async () => {} };
    const { watchClusters } = await import("./watch-clusters.ts");
    return watchClusters(ctx, organization.id, organizationKubeconfigs);
  },
};
