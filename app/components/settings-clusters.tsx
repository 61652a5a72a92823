"use client";

import { useQuery } from "@tanstack/react-query";
import type { TClusterSummary } from "@/server/workloads/workloads.schemas.ts";
import { ClusterSyncBadge } from "./cluster-sync-badge.tsx";
import { EmptyState } from "./empty-state.tsx";
import { fetchJson } from "./fetch-json.ts";
import { LiveIndicator } from "./live-indicator.tsx";
import { RelativeTime } from "./relative-time.tsx";

const REFRESH_MS = 5_000;

/** Every cluster Kubernetes discovery watches: is the catalog's view of it current, and if not, why. */
export function SettingsClusters({ initialClusters, renderedAt }: { initialClusters: TClusterSummary[]; renderedAt: number }) {
  const query = useQuery({
    queryKey: ["clusters"],
    queryFn: ({ signal }) => fetchJson<{ clusters: TClusterSummary[] }>("/api/v1/clusters", signal).then((body) => body.clusters),
    initialData: initialClusters,
    initialDataUpdatedAt: renderedAt,
    refetchInterval: REFRESH_MS,
  });
  const clusters = query.data;

  return (
    <section className="section" aria-labelledby="clusters-heading">
      <div className="section-header">
        <h2 id="clusters-heading">
          Kubernetes clusters <span className="count">{clusters.length}</span>
        </h2>
        <LiveIndicator updatedAt={query.dataUpdatedAt} isFetching={query.isFetching} error={query.error} />
      </div>
      <div className="card">
        {clusters.length === 0 ? (
          <EmptyState title="No clusters connected">
            Discovery watches every context of the kubeconfig files in <code>KUBECONFIG</code>, or, running inside a
            cluster, that cluster through its service account (RBAC: get, list and watch on namespaces, services,
            deployments, statefulsets and replicasets). The demo (<code>PLUMBLINE_DEMO=1</code>) adds a simulated cluster.
          </EmptyState>
        ) : (
          <div className="table-wrap" role="region" aria-label="Kubernetes clusters" tabIndex={0}>
            <table className="data settings-clusters">
              <caption className="visually-hidden">Kubernetes clusters and their sync state</caption>
              <thead>
                <tr>
                  <th scope="col">Cluster</th>
                  <th scope="col">State</th>
                  <th scope="col" className="num">
                    Workloads
                  </th>
                  <th scope="col">Last successful sync</th>
                  <th scope="col">Last error</th>
                </tr>
              </thead>
              <tbody>
                {clusters.map((cluster) => (
                  <tr key={cluster.name} data-cluster={cluster.name}>
                    <td>
                      <span className="primary">{cluster.name}</span>
                      <span className="secondary-line">{cluster.environment}</span>
                    </td>
                    <td>
                      <ClusterSyncBadge state={cluster.syncState} error={cluster.lastError} />
                    </td>
                    <td className="num">{cluster.liveWorkloadCount.toLocaleString("en-US")}</td>
                    <td>{cluster.lastSyncAt ? <RelativeTime iso={cluster.lastSyncAt} /> : <span className="muted">Never</span>}</td>
                    <td className="settings-error-cell">
                      {cluster.lastError ? (
                        <>
                          <span className={cluster.syncState === "error" ? "settings-error-now" : "settings-error-past"} title={cluster.lastError}>
                            {cluster.lastError}
                          </span>
                          {cluster.lastErrorAt ? (
                            <span className="secondary-line">
                              <RelativeTime iso={cluster.lastErrorAt} />
                              {cluster.syncState === "error" ? ", retrying with backoff" : ", recovered since"}
                            </span>
                          ) : null}
                        </>
                      ) : (
                        <span className="muted">None</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}
