import { getConfig } from "@/server/config/get-config.ts";
import { loadClusters, loadClustersFromKubeconfigText, type ClusterConnection, type LoadedClusters } from "@/integrations/kubernetes/load-clusters.ts";
import { listOrganizationKubeconfigs } from "@/server/integrations/list-organization-kubeconfigs.ts";
import { startDemoCluster, type DemoCluster } from "@/server/demo/demo-cluster.ts";
import { ensureDefaultOrganization } from "@/server/identity/default-organization.ts";
import type { TRunningWorker, TWorkerDefinition } from "@/workers/worker-definition.ts";
import { startClusterDiscovery, type TClusterDiscovery } from "./cluster-discovery.ts";

/**
 * Kubernetes discovery: one watcher per cluster (KUBECONFIG contexts, or the pod's own
 * cluster; in demo mode the simulated demo cluster) for the default organization, plus
 * the clusters each organization configured on /settings/integrations (read at start: a
 * new one is watched after the next restart), each writing into its own organization.
 * A cluster that cannot be reached or set up is logged and retried by its watcher; it
 * never stops the others.
 */
export const kubernetesDiscoveryWorker: TWorkerDefinition = {
  name: "kubernetes-discovery",
  // Always on: any organization may configure a cluster.
  isEnabled: () => true,
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
        loaded = loadClusters({ inClusterName: getConfig().kubernetes.inClusterName });
      }
    } catch (error) {
      // A kubeconfig that cannot be read is a configuration error worth a loud line, not a crash.
      log.error({ err: error }, "could not load the Kubernetes clusters to watch");
    }
    for (const warning of loaded.warnings) log.warn(warning);

    const targets: { organizationId: string; connection: ClusterConnection }[] = loaded.clusters.map((connection) => ({ organizationId: organization.id, connection }));
    try {
      for (const configured of await listOrganizationKubeconfigs()) {
        const fromOrganization = loadClustersFromKubeconfigText(configured.kubeconfig, configured.context ? [configured.context] : undefined);
        for (const warning of fromOrganization.warnings) log.warn({ organizationId: configured.organizationId, integration: configured.name }, warning);
        targets.push(...fromOrganization.clusters.map((connection) => ({ organizationId: configured.organizationId, connection })));
      }
    } catch (error) {
      log.error({ err: error }, "could not load the organizations' configured clusters");
    }

    const discoveries: TClusterDiscovery[] = [];
    for (const { organizationId, connection } of targets) {
      try {
        discoveries.push(await startClusterDiscovery({ organizationId, connection, log }));
        log.info({ organizationId, cluster: connection.name, server: connection.server, source: connection.source }, "watching cluster");
      } catch (error) {
        log.error({ err: error, organizationId, cluster: connection.name }, "could not start watching this cluster; the others keep running");
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
