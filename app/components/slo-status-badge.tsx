import type { TSloStatus } from "@/server/catalog/catalog.schemas.ts";

const LABELS: Record<TSloStatus, string> = {
  healthy: "Healthy",
  at_risk: "At risk",
  breached: "Breached",
  no_data: "No data",
};

/** Worst SLO status of a service; null means no SLOs are defined yet, which is not "healthy". */
export function SloStatusBadge({ status }: { status: TSloStatus | null }) {
  if (status === null) {
    return <span className="badge badge-muted">no SLOs</span>;
  }
  return (
    <span className={`badge badge-${status}`}>
      <span className="dot" aria-hidden="true" />
      {LABELS[status]}
    </span>
  );
}
