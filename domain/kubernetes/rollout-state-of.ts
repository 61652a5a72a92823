import type { RolloutState } from "./workload-observation.ts";

/** The parts of a Deployment that decide its rollout state (client-node's V1Deployment fits after picking). */
export interface DeploymentRolloutInput {
  generation: number | undefined;
  /** `spec.replicas`; the API defaults it to 1. */
  desiredReplicas: number | undefined;
  status:
    | {
        observedGeneration?: number;
        replicas?: number;
        updatedReplicas?: number;
        availableReplicas?: number;
        conditions?: { type: string; status: string; reason?: string; message?: string }[];
      }
    | undefined;
}

export interface RolloutStatus {
  state: RolloutState;
  /** Why it is not complete, in words a person can act on; null when complete. */
  message: string | null;
}

/**
 * The rollout state of a Deployment, following `kubectl rollout status`: nothing is
 * decided before the controller has observed the current generation (a stale
 * ProgressDeadlineExceeded belongs to the previous spec), then a passed progress
 * deadline is a failure, and the rollout is complete only when every desired replica
 * is updated and available and no old replica is left.
 */
export function rolloutStateOf(deployment: DeploymentRolloutInput): RolloutStatus {
  const status = deployment.status;
  if (status === undefined || status.observedGeneration === undefined) {
    return { state: "unknown", message: "the deployment controller has not reported on this Deployment yet" };
  }
  const generation = deployment.generation ?? 0;
  if (status.observedGeneration < generation) {
    return { state: "progressing", message: `waiting for the deployment controller to observe generation ${generation}` };
  }
  const conditions = status.conditions ?? [];
  const progressing = conditions.find((condition) => condition.type === "Progressing");
  if (progressing?.reason === "ProgressDeadlineExceeded") {
    return { state: "failed", message: progressing.message ?? "the rollout exceeded its progress deadline" };
  }
  if (progressing?.reason === "DeploymentPaused") {
    return { state: "progressing", message: "the rollout is paused" };
  }
  // A ReplicaFailure (quota, admission) does not fail the rollout yet, but it is the reason it is stuck.
  const replicaFailure = conditions.find((condition) => condition.type === "ReplicaFailure" && condition.status === "True");
  const desired = deployment.desiredReplicas ?? 1;
  const updated = status.updatedReplicas ?? 0;
  const total = status.replicas ?? 0;
  const available = status.availableReplicas ?? 0;
  const stuck = (message: string): RolloutStatus => ({ state: "progressing", message: replicaFailure?.message ?? message });
  if (updated < desired) return stuck(`${updated} of ${desired} new replicas have been updated`);
  if (total > updated) return stuck(`${total - updated} old replicas are pending termination`);
  if (available < updated) return stuck(`${available} of ${updated} updated replicas are available`);
  return { state: "complete", message: null };
}
