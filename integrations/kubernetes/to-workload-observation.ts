import type { V1Container, V1Deployment, V1Namespace, V1ReplicaSet, V1StatefulSet } from "@kubernetes/client-node";
import { DEPLOYMENT_REVISION_ANNOTATION } from "@/domain/kubernetes/plumbline-annotations.ts";
import { rolloutStateOf } from "@/domain/kubernetes/rollout-state-of.ts";
import { statefulSetRolloutStateOf } from "@/domain/kubernetes/stateful-set-rollout-state-of.ts";
import type { WorkloadObservation } from "@/domain/kubernetes/workload-observation.ts";

export type KubernetesWorkload = { kind: "Deployment"; object: V1Deployment } | { kind: "StatefulSet"; object: V1StatefulSet };

/**
 * Converts a client-node object to the domain's observation. Objects from a LIST are
 * deserialized by client-node (dates as Date) while objects from a WATCH are raw JSON;
 * only fields that look the same either way are read.
 */
export function toWorkloadObservation(
  cluster: string,
  workload: KubernetesWorkload,
  namespace: V1Namespace | undefined,
  /** The Deployment's ReplicaSets: the revision when the Deployment itself does not carry one yet. */
  replicaSets: readonly V1ReplicaSet[] = [],
): WorkloadObservation {
  const metadata = workload.object.metadata ?? {};
  const common = {
    cluster,
    namespace: metadata.namespace ?? "",
    name: metadata.name ?? "",
    uid: metadata.uid ?? "",
    resourceVersion: metadata.resourceVersion ?? "",
    generation: metadata.generation ?? 0,
    labels: { ...metadata.labels },
    annotations: { ...metadata.annotations },
    namespaceAnnotations: { ...namespace?.metadata?.annotations },
    serviceAccountName: serviceAccountOf(workload),
  };

  if (workload.kind === "Deployment") {
    const deployment = workload.object;
    const rollout = rolloutStateOf({
      generation: metadata.generation,
      desiredReplicas: deployment.spec?.replicas,
      status: deployment.status,
    });
    return {
      ...common,
      kind: "Deployment",
      images: imagesOf(deployment.spec?.template.spec?.containers),
      replicasDesired: deployment.spec?.replicas ?? 1,
      replicasReady: deployment.status?.readyReplicas ?? 0,
      revision: metadata.annotations?.[DEPLOYMENT_REVISION_ANNOTATION] ?? newestRevision(metadata.uid, replicaSets),
      rolloutState: rollout.state,
      rolloutMessage: rollout.message,
    };
  }

  const statefulSet = workload.object;
  const rollout = statefulSetRolloutStateOf({
    generation: metadata.generation,
    desiredReplicas: statefulSet.spec?.replicas,
    updateStrategy: { type: statefulSet.spec?.updateStrategy?.type, partition: statefulSet.spec?.updateStrategy?.rollingUpdate?.partition },
    status: statefulSet.status,
  });
  return {
    ...common,
    kind: "StatefulSet",
    images: imagesOf(statefulSet.spec?.template.spec?.containers),
    replicasDesired: statefulSet.spec?.replicas ?? 1,
    replicasReady: statefulSet.status?.readyReplicas ?? 0,
    revision: statefulSet.status?.currentRevision ?? null,
    rolloutState: rollout.state,
    rolloutMessage: rollout.message,
  };
}

/** The account the pods run as: Kubernetes uses "default" when the template names none. */
function serviceAccountOf(workload: KubernetesWorkload): string {
  const name = workload.object.spec?.template.spec?.serviceAccountName;
  return name === undefined || name === "" ? "default" : name;
}

/** Images of the app containers: init containers run to completion and are not what is "deployed". */
function imagesOf(containers: V1Container[] | undefined): string[] {
  return [...new Set((containers ?? []).map((container) => container.image).filter((image): image is string => image !== undefined && image !== ""))];
}

function newestRevision(deploymentUid: string | undefined, replicaSets: readonly V1ReplicaSet[]): string | null {
  let newest: number | null = null;
  for (const replicaSet of replicaSets) {
    const owned = replicaSet.metadata?.ownerReferences?.some((owner) => owner.uid === deploymentUid && owner.controller === true);
    const revision = Number(replicaSet.metadata?.annotations?.[DEPLOYMENT_REVISION_ANNOTATION]);
    if (owned && Number.isInteger(revision) && (newest === null || revision > newest)) newest = revision;
  }
  return newest === null ? null : String(newest);
}
