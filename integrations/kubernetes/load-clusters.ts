import { getConfig } from "@/server/config/get-config.ts";
import type { TConfig } from "@/server/config/parse-config.ts";
import { KubeConfig, type Cluster, type Context, type User } from "@kubernetes/client-node";
import { parseTenantKubeconfig } from "@/domain/kubernetes/parse-tenant-kubeconfig.ts";
import type { TEgressOptions } from "@/server/http/egress-connect.ts";
import { EgressCheckedKubeConfig } from "./egress-checked-kubeconfig.ts";

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
  return connectionsOf(configs, only);
}

/**
 * Clusters from a kubeconfig an organization's admin pasted (Settings → Integrations).
 * Untrusted: the text is parsed as an allowlist (domain/kubernetes/parse-tenant-kubeconfig.ts:
 * inline credentials only; a file path, command, proxy, impersonation or unknown field
 * anywhere refuses the whole kubeconfig, each problem named by its field path), and each
 * client is built from that parsed object, never from the text. Its connections obey the
 * egress policy (egress-checked-kubeconfig.ts).
 */
export function loadClustersFromKubeconfigText(text: string, only?: string[], egress: TEgressOptions = {}): LoadedClusters {
  const parsed = parseTenantKubeconfig(text);
  if (!parsed.ok) return { clusters: [], warnings: parsed.problems };
  const { clusters, users, contexts } = parsed.kubeconfig;
  const clusterByName = new Map(clusters.map((cluster) => [cluster.name, cluster]));
  const userByName = new Map(users.map((user) => [user.name, user]));
  const warnings: string[] = [];
  for (const name of only ?? []) if (!contexts.some((context) => context.name === name)) warnings.push(`context "${name}" is not in the kubeconfig`);
  const connections = resolveContexts(contexts, clusterByName, userByName, only, warnings).map(({ context, cluster, user }): ClusterConnection => {
    const kubeConfig = new EgressCheckedKubeConfig(egress);
    // Objects, not text: loadFromOptions takes them as they are (no file is resolved).
    kubeConfig.loadFromOptions({ clusters: [cluster], users: [user], contexts: [context], currentContext: context.name });
    return { name: context.name, kubeConfig, server: cluster.server, source: "explicit" };
  });
  return { clusters: connections, warnings };
}

/** The contexts to connect (all, or `only`), each with its cluster and user; a context naming an undefined one is skipped with a warning. */
function resolveContexts<TCluster, TUser>(
  contexts: Iterable<Context>,
  clusters: Map<string, TCluster>,
  users: Map<string, TUser>,
  only: string[] | undefined,
  warnings: string[],
): { context: Context; cluster: TCluster; user: TUser }[] {
  const resolved: { context: Context; cluster: TCluster; user: TUser }[] = [];
  for (const context of contexts) {
    if (only !== undefined && !only.includes(context.name)) continue;
    const cluster = clusters.get(context.cluster);
    const user = users.get(context.user);
    if (cluster === undefined) warnings.push(`context "${context.name}" names cluster "${context.cluster}", which is not defined; skipped`);
    else if (user === undefined) warnings.push(`context "${context.name}" names user "${context.user}", which is not defined; skipped`);
    else resolved.push({ context, cluster, user });
  }
  return resolved;
}

/** Clusters of the operator's own KUBECONFIG files (trusted: the environment configures them). */
function connectionsOf(configs: KubeConfig[], only: string[] | undefined): LoadedClusters {
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
  const connections = resolveContexts(contexts.values(), clusters, users, only, warnings).map(({ context, cluster, user }): ClusterConnection => {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({ clusters: [cluster], users: [user], contexts: [context], currentContext: context.name });
    return { name: context.name, kubeConfig, server: cluster.server, source: "kubeconfig" };
  });
  return { clusters: connections, warnings };
}
