/** The two workload kinds Plumbline maps to services; DaemonSets and Jobs are not services. */
export type WorkloadKind = "Deployment" | "StatefulSet";

/**
 * "unknown" means the controller has not reported on this spec yet (no status), which
 * is different from "progressing": a page must not claim a rollout is under way when
 * nobody has looked.
 */
export type RolloutState = "progressing" | "complete" | "failed" | "unknown";

/**
 * One Kubernetes workload as the discovery adapter saw it, already joined with its
 * namespace's annotations so mapping to a service needs nothing else.
 */
export interface WorkloadObservation {
  cluster: string;
  namespace: string;
  kind: WorkloadKind;
  name: string;
  uid: string;
  resourceVersion: string;
  generation: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  namespaceAnnotations: Record<string, string>;
  /**
   * The pod template's `serviceAccountName`, "default" when unset (what Kubernetes runs
   * the pods as). Linkerd names workloads by it in its TLS identities (`client_id`/`server_id`).
   */
  serviceAccountName: string;
  /** Container images of the pod template, in container order, without duplicates. */
  images: string[];
  replicasDesired: number;
  replicasReady: number;
  /** `deployment.kubernetes.io/revision` of a Deployment, `status.currentRevision` of a StatefulSet. */
  revision: string | null;
  rolloutState: RolloutState;
  rolloutMessage: string | null;
}

/** Identity of a workload within one cluster; the uid tells a re-created workload from the old one. */
export interface WorkloadKey {
  cluster: string;
  namespace: string;
  kind: WorkloadKind;
  name: string;
  uid: string;
}
