import type { RolloutStatus } from "./rollout-state-of.ts";

/** The parts of a StatefulSet that decide its rollout state. */
export interface StatefulSetRolloutInput {
  generation: number | undefined;
  /** `spec.replicas`; the API defaults it to 1. */
  desiredReplicas: number | undefined;
  updateStrategy: { type?: string; partition?: number } | undefined;
  status:
    | {
        observedGeneration?: number;
        readyReplicas?: number;
        updatedReplicas?: number;
        currentRevision?: string;
        updateRevision?: string;
      }
    | undefined;
}

/**
 * The rollout state of a StatefulSet, following `kubectl rollout status`. StatefulSets
 * have no progress deadline, so they never report "failed"; with the OnDelete strategy
 * nothing rolls out until pods are deleted by hand, so the state is "unknown".
 */
export function statefulSetRolloutStateOf(statefulSet: StatefulSetRolloutInput): RolloutStatus {
  const status = statefulSet.status;
  if (status === undefined || status.observedGeneration === undefined) {
    return { state: "unknown", message: "the statefulset controller has not reported on this StatefulSet yet" };
  }
  const strategy = statefulSet.updateStrategy?.type ?? "RollingUpdate";
  if (strategy !== "RollingUpdate") {
    return { state: "unknown", message: `rollout state is not tracked for the ${strategy} update strategy` };
  }
  const generation = statefulSet.generation ?? 0;
  if (status.observedGeneration < generation) {
    return { state: "progressing", message: `waiting for the statefulset controller to observe generation ${generation}` };
  }
  const desired = statefulSet.desiredReplicas ?? 1;
  const ready = status.readyReplicas ?? 0;
  if (ready < desired) return { state: "progressing", message: `${ready} of ${desired} replicas are ready` };
  const partition = statefulSet.updateStrategy?.partition ?? 0;
  if (partition > 0) {
    // A partitioned rollout stops on purpose at the partition: done when the pods above it are updated.
    const expected = Math.max(desired - partition, 0);
    const updated = status.updatedReplicas ?? 0;
    if (updated < expected) return { state: "progressing", message: `${updated} of ${expected} replicas above partition ${partition} have been updated` };
    return { state: "complete", message: null };
  }
  if (status.updateRevision !== undefined && status.currentRevision !== status.updateRevision) {
    return { state: "progressing", message: `${status.updatedReplicas ?? 0} of ${desired} replicas have been updated to revision ${status.updateRevision}` };
  }
  return { state: "complete", message: null };
}
