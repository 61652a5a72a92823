import { presentSloStatus } from "@/domain/slo/slo-status-vocabulary.ts";
import type { TSloStatus } from "@/server/catalog/catalog.schemas.ts";

/** Worst SLO status of a service; null means no SLOs are defined yet, which is not "healthy". */
export function SloStatusBadge({ status }: { status: TSloStatus | null }) {
  if (status === null) {
    return <span className="badge badge-muted">no SLOs</span>;
  }
  // The one vocabulary (domain/slo/slo-status-vocabulary.ts): label, meaning and colour come from there.
  const presentation = presentSloStatus(status);
  return (
    <span className={`badge badge-${status}`} title={presentation.meaning} data-tone={presentation.tone}>
      <span className="dot" aria-hidden="true" />
      {presentation.label}
    </span>
  );
}
