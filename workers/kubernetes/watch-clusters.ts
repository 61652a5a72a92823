import { loadClusters, loadClustersFromKubeconfigText, type ClusterConnection, type LoadedClusters } from "@/integrations/kubernetes/load-clusters.ts";
import type { TOrganizationKubeconfig } from "@/server/integrations/list-organization-kubeconfigs.ts";
import { DEMO_CLUSTER_NAME, startDemoCluster } from "@/server/demo/demo-cluster.ts";
import { getConfig } from "@/server/config/get-config.ts";
import { holdLease, type TLeasedWork } from "@/server/system/hold-lease.ts";
import { saveSourceSnapshot } from "@/server/system/system-workers.repository.ts";
import type { TRunningWorker, TWorkerContext } from "@/workers/worker-definition.ts";
import { startClusterDiscovery, type TClusterDiscovery } from "./cluster-discovery.ts";

/**
 * The clusters of the discovery worker (kubernetes-discovery-worker.ts), each watched while
 * this process holds its lease: in demo mode the demo cluster, else those of KUBECONFIG or the
 * pod's own; plus the clusters organizations configured (`organizationKubeconfigs`, read by the
 * worker). Loaded only when there is one to watch: this module brings @kubernetes/client-node,
 * ~20-27 MB of heap (its module sources, code and data) that the process keeps for good.
 */
export async function watchClusters(
  ctx: TWorkerContext,
  defaultOrganizationId: string,
  organizationKubeconfigs: readonly TOrganizationKubeconfig[],
): Promise<TRunningWorker> {
  const { log } = ctx;
  const works: TClusterWork[] = [];
  const watch = (organizationId: string, connection: Pick<ClusterConnection, "name" | "kubeConfig">) => startClusterDiscovery({ organizationId, connection, log });
  if (ctx.demo) {
    works.push(
      clusterWork(defaultOrganizationId, DEMO_CLUSTER_NAME, async () => {
        const demoCluster = await startDemoCluster({ organizationId: defaultOrganizationId, log });
        try {
          const [connection] = loadClusters({ explicit: [{ name: demoCluster.name, server: demoCluster.url }] }).clusters;
          if (connection === undefined) throw new Error("the demo cluster's address did not load as a cluster");
          const discovery = await watch(defaultOrganizationId, connection);
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
    for (const connection of loaded.clusters) works.push(connectionWork(defaultOrganizationId, connection, watch, log));
  }
  for (const configured of organizationKubeconfigs) {
    const fromOrganization = loadClustersFromKubeconfigText(configured.kubeconfig, configured.context ? [configured.context] : undefined);
    for (const warning of fromOrganization.warnings) log.warn({ organizationId: configured.organizationId, integration: configured.name }, warning);
    for (const connection of fromOrganization.clusters) works.push(connectionWork(configured.organizationId, connection, watch, log));
  }

  const leases = works.map((work) => holdDiscoveryLease(work, ctx));
  return {
    async stop() {
      await Promise.all(leases.map((lease) => lease.stop()));
    },
  };
}

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
