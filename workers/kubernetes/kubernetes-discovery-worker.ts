import { getConfig } from "@/server/config/get-config.ts";
import { loadClusters, loadClustersFromKubeconfigText, type ClusterConnection, type LoadedClusters } from "@/integrations/kubernetes/load-clusters.ts";
import { listOrganizationKubeconfigs } from "@/server/integrations/list-organization-kubeconfigs.ts";
import { DEMO_CLUSTER_NAME, startDemoCluster } from "@/server/demo/demo-cluster.ts";
import { ensureDefaultOrganization } from "@/server/identity/default-organization.ts";
import { holdLease, type TLeasedWork } from "@/server/system/hold-lease.ts";
import { saveSourceSnapshot } from "@/server/system/system-workers.repository.ts";
import type { TRunningWorker, TWorkerContext, TWorkerDefinition } from "@/workers/worker-definition.ts";
import { startClusterDiscovery, type TClusterDiscovery } from "./cluster-discovery.ts";

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
 * never stops the others.
 */
export const kubernetesDiscoveryWorker: TWorkerDefinition = {
  name: "kubernetes-discovery",
  // Always on: any organization may configure a cluster.
  isEnabled: () => true,
  async start(ctx): Promise<TRunningWorker> {
    const { log } = ctx;
    const organization = await ensureDefaultOrganization();
    const works: TClusterWork[] = [];
    const watch = (organizationId: string, connection: Pick<ClusterConnection, "name" | "kubeConfig">) => startClusterDiscovery({ organizationId, connection, log });
    if (ctx.demo) {
      works.push(
        clusterWork(organization.id, DEMO_CLUSTER_NAME, async () => {
          const demoCluster = await startDemoCluster({ organizationId: organization.id, log });
          try {
            const [connection] = loadClusters({ explicit: [{ name: demoCluster.name, server: demoCluster.url }] }).clusters;
            if (connection === undefined) throw new Error("the demo cluster's address did not load as a cluster");
            const discovery = await watch(organization.id, connection);
            return { discovery, stop: () => discovery.stop().finally(() => demoCluster.stop()) };
          } catch (error) {
            await demoCluster.stop();
            throw error;
          }
        }),
      );
    } else {
      let loaded: LoadedClusters = { clusters: [], warnings: [] };
      try {
        loaded = loadClusters({ inClusterName: getConfig().kubernetes.inClusterName });
      } catch (error) {
        // A kubeconfig that cannot be read is a configuration error worth a loud line, not a crash.
        log.error({ err: error }, "could not load the Kubernetes clusters to watch");
      }
      for (const warning of loaded.warnings) log.warn(warning);
      for (const connection of loaded.clusters) works.push(connectionWork(organization.id, connection, watch, log));
    }
    try {
      for (const configured of await listOrganizationKubeconfigs()) {
        const fromOrganization = loadClustersFromKubeconfigText(configured.kubeconfig, configured.context ? [configured.context] : undefined);
        for (const warning of fromOrganization.warnings) log.warn({ organizationId: configured.organizationId, integration: configured.name }, warning);
        for (const connection of fromOrganization.clusters) works.push(connectionWork(configured.organizationId, connection, watch, log));
      }
    } catch (error) {
      log.error({ err: error }, "could not load the organizations' configured clusters");
    }

    const leases = works.map((work) => holdDiscoveryLease(work, ctx));
    return {
      async stop() {
        await Promise.all(leases.map((lease) => lease.stop()));
      },
    };
  },
};

interface TRunningDiscovery {
  discovery: TClusterDiscovery;
  stop(): Promise<void>;
}

type TClusterWork = TLeasedWork & { current(): TRunningDiscovery | null };

/** The lease of one organization's cluster: its key names both, since two organizations may name a cluster alike. */
function clusterWork(organizationId: string, clusterName: string, start: () => Promise<TRunningDiscovery>): TClusterWork {
  let current: TRunningDiscovery | null = null;
  return {
    key: `cluster:${organizationId}:${clusterName}`,
    organizationId,
    subject: clusterName,
    current: () => current,
    async start() {
      const running = await start();
      current = running;
      return {
        stop: async () => {
          current = null;
          await running.stop();
        },
      };
    },
  };
}

function connectionWork(
  organizationId: string,
  connection: ClusterConnection,
  watch: (organizationId: string, connection: ClusterConnection) => Promise<TClusterDiscovery>,
  log: TWorkerContext["log"],
): TClusterWork {
  return clusterWork(organizationId, connection.name, async () => {
    const discovery = await watch(organizationId, connection);
    log.info({ organizationId, cluster: connection.name, server: connection.server, source: connection.source }, "watching cluster");
    return { discovery, stop: () => discovery.stop() };
  });
}

/** Holds the cluster's lease; while held, reports the watch's counters for /settings/system with each renewal. */
function holdDiscoveryLease(work: TClusterWork, ctx: TWorkerContext) {
  return holdLease(work, {
    holder: ctx.process,
    log: ctx.log,
    onRenewed: async () => {
      const running = work.current();
      if (running === null) return;
      const stats = running.discovery.stats();
      const state = running.discovery.state();
      await saveSourceSnapshot(
        ctx.process.id,
        {
          source: `cluster/${work.subject}`,
          organizationId: work.organizationId,
          everyMs: null,
          lastCycleAt: stats.lastWriteAt,
          lastDurationMs: stats.lastWriteMs,
          lagMs: stats.backlogMs,
          cycles: stats.writes,
          failures: stats.failures,
          lastErrorAt: state.lastErrorAt,
          lastError: state.lastError,
        },
        new Date(),
      );
    },
  });
}
