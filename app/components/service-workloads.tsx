"use client";

import { useQuery } from "@tanstack/react-query";
import type { TServiceWorkloads, TWorkload } from "@/server/workloads/workloads.schemas.ts";
import { ClusterSyncBadge } from "./cluster-sync-badge.tsx";
import { EmptyState } from "./empty-state.tsx";
import { fetchJson } from "./fetch-json.ts";
import { formatDateTime } from "./format.ts";
import { RelativeTime } from "./relative-time.tsx";
import { RolloutStateBadge } from "./rollout-state-badge.tsx";

const REFRESH_MS = 10_000;

/**
 * The Deployments and StatefulSets running a service, per cluster (with that cluster's
 * sync state, so a stale view is never mistaken for a current one) and namespace.
 */
export function ServiceWorkloads({ slug, serviceName }: { slug: string; serviceName: string }) {
  const query = useQuery({
    queryKey: ["service-workloads", slug],
    queryFn: ({ signal }) => fetchJson<TServiceWorkloads>(`/api/v1/services/${encodeURIComponent(slug)}/workloads`, signal),
    refetchInterval: REFRESH_MS,
  });
  const data = query.data;
  const liveCount = data?.clusters.reduce((sum, cluster) => sum + cluster.workloads.length, 0) ?? null;

  return (
    <section className="section" aria-labelledby="workloads-heading">
      <div className="section-header">
        <h2 id="workloads-heading">
          Workloads {liveCount === null ? null : <span className="count">{liveCount}</span>}
        </h2>
        <span className="muted">Deployments and StatefulSets running {serviceName}, as Kubernetes reports them</span>
      </div>
      <div className="card">
        {data === undefined ? (
          query.error ? (
            <div className="empty-inline" role="alert">
              Could not load the workloads: {query.error.message}
            </div>
          ) : (
            <WorkloadsSkeleton />
          )
        ) : (
          <>
            {data.clusters.length === 0 ? <NoWorkloads data={data} serviceName={serviceName} /> : null}
            {data.clusters.map((cluster) => (
              <div className="wl-cluster" key={cluster.name} data-cluster={cluster.name}>
                <div className="wl-cluster-header">
                  <span className="wl-cluster-name">
                    <span className="muted">Cluster</span> <strong>{cluster.name}</strong>
                  </span>
                  <ClusterSyncBadge state={cluster.syncState} error={cluster.lastError} />
                  <span className="muted wl-cluster-sync">
                    {cluster.syncState === "error" && cluster.lastError ? (
                      <span className="wl-cluster-error" title={cluster.lastError}>
                        {cluster.lastError}
                      </span>
                    ) : cluster.lastSyncAt ? (
                      <>
                        last in sync <RelativeTime iso={cluster.lastSyncAt} />
                      </>
                    ) : (
                      "not synced yet"
                    )}
                  </span>
                </div>
                <WorkloadTable workloads={cluster.workloads} caption={`Workloads of ${serviceName} in cluster ${cluster.name}`} />
              </div>
            ))}
            {data.recentlyDeleted.length > 0 ? <RecentlyDeleted workloads={data.recentlyDeleted} /> : null}
          </>
        )}
      </div>
    </section>
  );
}

function WorkloadTable({ workloads, caption }: { workloads: TWorkload[]; caption: string }) {
  return (
    <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table className="data wl-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Workload</th>
            <th scope="col">Namespace</th>
            <th scope="col">Images</th>
            <th scope="col" className="num">
              Ready
            </th>
            <th scope="col">Rollout</th>
            <th scope="col">Last change</th>
          </tr>
        </thead>
        <tbody>
          {workloads.map((workload) => (
            <tr key={`${workload.namespace}/${workload.kind}/${workload.name}`} data-workload={workload.name}>
              <td>
                <span className="primary">{workload.name}</span>
                <span className="secondary-line">
                  {workload.kind}
                  {workload.revision && workload.kind === "Deployment" ? ` · revision ${workload.revision}` : ""}
                </span>
              </td>
              <td className="mono">{workload.namespace}</td>
              <td>
                <ImageList images={workload.images} />
              </td>
              <td className="num">
                <Replicas ready={workload.replicasReady} desired={workload.replicasDesired} />
              </td>
              <td>
                <RolloutStateBadge state={workload.rolloutState} />
              </td>
              <td className="wl-last-change">
                {workload.lastChange ? (
                  <>
                    <span className="wl-change-title" title={workload.lastChange.title}>
                      {describeChangeType(workload.lastChange.type)}
                    </span>
                    <span className="secondary-line">
                      <RelativeTime iso={workload.lastChange.occurredAt} />
                    </span>
                  </>
                ) : (
                  <span className="secondary-line">
                    first seen <RelativeTime iso={workload.firstSeenAt} />
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** "ghcr.io/acme/" quietly, then what changes between deploys: the name and the tag. */
function ImageList({ images }: { images: string[] }) {
  if (images.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="wl-images">
      {images.map((image) => {
        const slash = image.lastIndexOf("/");
        const at = image.indexOf("@");
        const colon = image.lastIndexOf(":");
        const tagStart = at >= 0 ? at : colon > slash ? colon : -1;
        const name = image.slice(slash + 1, tagStart >= 0 ? tagStart : undefined);
        const tag = tagStart >= 0 ? image.slice(tagStart) : "";
        return (
          <li key={image} title={image} className="mono">
            <span className="muted">{image.slice(0, slash + 1)}</span>
            {name}
            <strong>{tag.length > 20 ? `${tag.slice(0, 20)}…` : tag}</strong>
          </li>
        );
      })}
    </ul>
  );
}

function Replicas({ ready, desired }: { ready: number | null; desired: number | null }) {
  if (desired === null) return <span className="muted">—</span>;
  const shown = ready ?? 0;
  const isShort = shown < desired;
  const percent = desired === 0 ? 100 : Math.min(100, Math.round((shown / desired) * 100));
  return (
    <span className={`wl-replicas${isShort ? " wl-replicas-short" : ""}`} title={`${shown} of ${desired} replicas ready`}>
      {shown}/{desired}
      <span className="wl-replicas-bar" aria-hidden="true">
        <span style={{ width: `${percent}%` }} />
      </span>
    </span>
  );
}

function NoWorkloads({ data, serviceName }: { data: TServiceWorkloads; serviceName: string }) {
  if (data.noWorkloadsSince) {
    return (
      <div className="wl-none" role="status">
        <strong>No running workloads</strong> since{" "}
        <time dateTime={data.noWorkloadsSince} suppressHydrationWarning>
          {formatDateTime(data.noWorkloadsSince)}
        </time>{" "}
        (<RelativeTime iso={data.noWorkloadsSince} />
        ). {serviceName} stays in the catalog; its last workloads are listed below.
      </div>
    );
  }
  return (
    <EmptyState title="No workloads discovered">
      Kubernetes discovery has not seen a Deployment or StatefulSet for {serviceName}. Workloads map to this service
      through the <code>plumbline.dev/service: {"<slug>"}</code> annotation (on the workload or its namespace), the{" "}
      <code>app.kubernetes.io/name</code> label, or their name. The clusters discovery watches are on the Settings page.
    </EmptyState>
  );
}

function RecentlyDeleted({ workloads }: { workloads: TWorkload[] }) {
  return (
    <div className="wl-deleted">
      <h3>Recently removed</h3>
      <ul>
        {workloads.map((workload) => (
          <li key={`${workload.cluster}/${workload.namespace}/${workload.kind}/${workload.name}/${workload.deletedAt ?? ""}`}>
            <span className="mono">
              {workload.kind} {workload.namespace}/{workload.name}
            </span>{" "}
            <span className="muted">
              in {workload.cluster}, last running {workload.images.join(", ") || "no image"}, removed{" "}
              {workload.deletedAt ? <RelativeTime iso={workload.deletedAt} /> : "—"}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function WorkloadsSkeleton() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading workloads">
      {[0, 1].map((row) => (
        <div className="skeleton-row" key={row}>
          <span className="skeleton skeleton-text" style={{ width: "22%" }} />
          <span className="skeleton skeleton-text" style={{ width: "30%" }} />
          <span className="skeleton skeleton-text" style={{ width: "12%" }} />
        </div>
      ))}
    </div>
  );
}

const CHANGE_TYPE_NAMES: Record<string, string> = {
  workload_created: "Created",
  image_changed: "New version",
  scaled: "Scaled",
  rollout_complete: "Rollout complete",
  rollout_failed: "Rollout failed",
  workload_deleted: "Deleted",
};

function describeChangeType(type: string): string {
  return CHANGE_TYPE_NAMES[type] ?? type.replace(/_/g, " ");
}
