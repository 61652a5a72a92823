import { getConfig } from "@/server/config/get-config.ts";
import type { TConfig } from "@/server/config/parse-config.ts";
import { KubeConfig, type Cluster, type Context, type User } from "@kubernetes/client-node";

export interface ClusterConnection {
  /** The cluster's name in Plumbline: the kubeconfig context name, the in-cluster name, or the explicit name. */
  name: string;
  /** A kubeconfig whose current context is this cluster, ready for createClusterWatcher. */
  kubeConfig: KubeConfig;
  server: string;
  source: "kubeconfig" | "in-cluster" | "explicit";
}

/** A cluster given directly (tests, the demo's fake API server, a config file of Plumbline's own). */
export interface ExplicitCluster {
  name: string;
  server: string;
  token?: string;
  /** Defaults to true for http:// servers, where client-node requires it, false otherwise. */
  skipTLSVerify?: boolean;
  /** Base64 PEM of the API server's CA. */
  caData?: string;
}

export interface LoadClustersOptions {
  /** When given, exactly these clusters: nothing is read from the environment. */
  explicit?: ExplicitCluster[];
  /** KUBECONFIG and KUBERNETES_SERVICE_HOST; defaults to getConfig().kubernetes. */
  kubernetes?: Pick<TConfig["kubernetes"], "kubeconfigPaths" | "serviceHost">;
  /** Only these kubeconfig contexts (default: every context). */
  contexts?: string[];
  /** The name of the cluster Plumbline runs in, when it uses its service account. */
  inClusterName?: string;
}

export interface LoadedClusters {
  clusters: ClusterConnection[];
  /** Contexts that could not be used (a missing cluster or user, an unknown name asked for). */
  warnings: string[];
}

/**
 * Finds the clusters to watch: the explicit list if one is given; else every context of
 * the files in KUBECONFIG (one cluster per context, named after it); else, inside a pod
 * (KUBERNETES_SERVICE_HOST set), the pod's own cluster through its service account.
 * `~/.kube/config` is never read implicitly: a laptop running the demo must not start
 * watching whatever cluster kubectl points at. Set KUBECONFIG=~/.kube/config for that.
 */
export function loadClusters(options: LoadClustersOptions = {}): LoadedClusters {
  if (options.explicit !== undefined) return { clusters: options.explicit.map(explicitConnection), warnings: [] };
  const { kubeconfigPaths, serviceHost } = options.kubernetes ?? getConfig().kubernetes;
  if (kubeconfigPaths.length > 0) return fromKubeconfigFiles([...kubeconfigPaths], options.contexts);
  if (serviceHost !== null) {
    const kubeConfig = new KubeConfig();
    // Reads the service account token and CA from /var/run/secrets/kubernetes.io/serviceaccount.
    kubeConfig.loadFromCluster();
    const name = options.inClusterName ?? "in-cluster";
    return { clusters: [{ name, kubeConfig, server: kubeConfig.getCurrentCluster()?.server ?? "", source: "in-cluster" }], warnings: [] };
  }
  return { clusters: [], warnings: [] };
}

function explicitConnection(cluster: ExplicitCluster): ClusterConnection {
  const userName = `${cluster.name}-user`;
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: cluster.name, server: cluster.server, skipTLSVerify: cluster.skipTLSVerify ?? cluster.server.startsWith("http:"), caData: cluster.caData }],
    users: [{ name: userName, token: cluster.token }],
    contexts: [{ name: cluster.name, cluster: cluster.name, user: userName }],
    currentContext: cluster.name,
  });
  return { name: cluster.name, kubeConfig, server: cluster.server, source: "explicit" };
}

function fromKubeconfigFiles(files: string[], only: string[] | undefined): LoadedClusters {
  const configs = files.map((file) => {
    const fileConfig = new KubeConfig();
    // loadFromFile also resolves certificate paths relative to the file.
    fileConfig.loadFromFile(file);
    return fileConfig;
  });
  return connectionsOf(configs, only, "trusted");
}

/**
 * Clusters from a kubeconfig an organization's admin pasted (Settings → Integrations).
 * Untrusted: the text comes from a tenant, and a kubeconfig can make the client run
 * commands (`exec`, `auth-provider`) or read files on the server (`*-file` paths). Only
 * inline credentials are accepted; a user or cluster that needs anything else is skipped
 * with a warning.
 */
export function loadClustersFromKubeconfigText(text: string, only?: string[]): LoadedClusters {
  const config = new KubeConfig();
  config.loadFromString(text);
  return connectionsOf([config], only, "inline-only");
}

function usesServerResources(user: User): boolean {
  return Boolean(user.exec || user.authProvider || user.certFile || user.keyFile);
}

function connectionsOf(configs: KubeConfig[], only: string[] | undefined, trust: "trusted" | "inline-only"): LoadedClusters {
  // kubectl's merge rule for KUBECONFIG lists: the first file to define a name wins.
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  for (const config of configs) {
    for (const cluster of config.getClusters()) if (!clusters.has(cluster.name)) clusters.set(cluster.name, cluster);
    for (const user of config.getUsers()) if (!users.has(user.name)) users.set(user.name, user);
    for (const context of config.getContexts()) if (!contexts.has(context.name)) contexts.set(context.name, context);
  }

  const warnings: string[] = [];
  for (const name of only ?? []) if (!contexts.has(name)) warnings.push(`context "${name}" is not in KUBECONFIG`);
  const connections: ClusterConnection[] = [];
  for (const context of contexts.values()) {
    if (only !== undefined && !only.includes(context.name)) continue;
    const cluster = clusters.get(context.cluster);
    const user = users.get(context.user);
    if (cluster === undefined) {
      warnings.push(`context "${context.name}" names cluster "${context.cluster}", which is not defined; skipped`);
      continue;
    }
    if (user === undefined) {
      warnings.push(`context "${context.name}" names user "${context.user}", which is not defined; skipped`);
      continue;
    }
    if (trust === "inline-only" && (usesServerResources(user) || cluster.caFile)) {
      warnings.push(`context "${context.name}" needs exec, an auth provider or files on the server; only inline tokens and certificates are accepted; skipped`);
      continue;
    }
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({ clusters: [cluster], users: [user], contexts: [context], currentContext: context.name });
    connections.push({ name: context.name, kubeConfig, server: cluster.server, source: trust === "trusted" ? "kubeconfig" : "explicit" });
  }
  return { clusters: connections, warnings };
}
