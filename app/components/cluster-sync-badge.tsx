import type { TClusterSyncStateDto } from "@/server/workloads/workloads.schemas.ts";

const LABELS: Record<TClusterSyncStateDto, string> = {
  ok: "In sync",
  syncing: "Syncing",
  error: "Sync failing",
  never: "Never synced",
};

/** Whether discovery's view of a cluster is current; "error" means it is retrying and the view may be stale. */
export function ClusterSyncBadge({ state, error }: { state: TClusterSyncStateDto; error?: string | null }) {
  return (
    <span className={`badge settings-sync settings-sync-${state}`} title={state === "error" && error ? error : undefined}>
      <span className="dot" aria-hidden="true" />
      {LABELS[state]}
    </span>
  );
}
