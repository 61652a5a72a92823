import type { TRolloutStateDto } from "@/server/workloads/workloads.schemas.ts";

const LABELS: Record<TRolloutStateDto, string> = {
  complete: "Rolled out",
  progressing: "Rolling out",
  failed: "Rollout failed",
  unknown: "Unknown",
};

const HINTS: Record<TRolloutStateDto, string> = {
  complete: "Every desired replica runs the current version",
  progressing: "A rollout or scale is under way",
  failed: "The rollout exceeded its progress deadline (ProgressDeadlineExceeded)",
  unknown: "The controller has not reported on this version yet",
};

/** A workload's rollout state as Kubernetes' controller reports it ("kubectl rollout status"). */
export function RolloutStateBadge({ state }: { state: TRolloutStateDto }) {
  return (
    <span className={`badge wl-rollout wl-rollout-${state}`} title={HINTS[state]}>
      <span className="dot" aria-hidden="true" />
      {LABELS[state]}
    </span>
  );
}
