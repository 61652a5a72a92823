import type { V1Container, V1Deployment, V1Namespace, V1Service, V1StatefulSet } from "@kubernetes/client-node";

/**
 * Realistic objects for the fake API server, for tests and the demo. The fake runs no
 * controllers, so the status a controller would write is built here (withRolloutStatus)
 * and upserted like the controller's own status update.
 */

export function namespaceFixture(name: string, annotations: Record<string, string> = {}, labels: Record<string, string> = {}): V1Namespace {
  return { metadata: { name, annotations, labels: { "kubernetes.io/metadata.name": name, ...labels } }, spec: { finalizers: ["kubernetes"] }, status: { phase: "Active" } };
}

export interface WorkloadFixture {
  namespace: string;
  name: string;
  /** One container per image, in order. */
  images: string[];
  replicas?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** The pod template's `serviceAccountName`; unset (Kubernetes runs the pods as "default") when absent. */
  serviceAccountName?: string;
}

export function deploymentFixture(fixture: WorkloadFixture & { revision?: number }): V1Deployment {
  const selector = { "app.kubernetes.io/instance": fixture.name };
  return {
    metadata: {
      name: fixture.name,
      namespace: fixture.namespace,
      labels: { ...selector, ...fixture.labels },
      annotations: { ...(fixture.revision === undefined ? {} : { "deployment.kubernetes.io/revision": String(fixture.revision) }), ...fixture.annotations },
    },
    spec: {
      replicas: fixture.replicas ?? 1,
      selector: { matchLabels: selector },
      template: { metadata: { labels: { ...selector, ...fixture.labels } }, spec: podSpecOf(fixture) },
      strategy: { type: "RollingUpdate" },
      progressDeadlineSeconds: 600,
    },
  };
}

export function statefulSetFixture(fixture: WorkloadFixture): V1StatefulSet {
  const selector = { "app.kubernetes.io/instance": fixture.name };
  return {
    metadata: { name: fixture.name, namespace: fixture.namespace, labels: { ...selector, ...fixture.labels }, annotations: { ...fixture.annotations } },
    spec: {
      replicas: fixture.replicas ?? 1,
      serviceName: fixture.name,
      selector: { matchLabels: selector },
      template: { metadata: { labels: { ...selector, ...fixture.labels } }, spec: podSpecOf(fixture) },
      updateStrategy: { type: "RollingUpdate" },
    },
  };
}

function podSpecOf(fixture: WorkloadFixture): NonNullable<V1Deployment["spec"]>["template"]["spec"] {
  return { ...(fixture.serviceAccountName === undefined ? {} : { serviceAccountName: fixture.serviceAccountName }), containers: containersOf(fixture.images) };
}

export function serviceFixture(namespace: string, name: string, selector: Record<string, string>, port = 80): V1Service {
  return { metadata: { name, namespace }, spec: { type: "ClusterIP", selector, ports: [{ name: "http", port, protocol: "TCP" }] } };
}

export type FixtureRollout = "complete" | "progressing" | "failed";

/**
 * The object with the status its controller would report for `rollout` at the object's
 * current generation: pass an object as returned by FakeApiServer.upsert, which carries
 * the generation the server assigned. StatefulSets cannot fail; "failed" leaves one
 * stuck at progressing.
 */
export function withRolloutStatus<T extends V1Deployment | V1StatefulSet>(object: T, rollout: FixtureRollout, options: { ready?: number } = {}): T {
  const generation = object.metadata?.generation ?? 1;
  const desired = object.spec?.replicas ?? 1;
  const ready = rollout === "complete" ? desired : Math.min(options.ready ?? Math.floor(desired / 2), desired);
  const name = object.metadata?.name ?? "";

  if (isStatefulSet(object)) {
    const updateRevision = `${name}-${shortHash(JSON.stringify(object.spec?.template ?? {}))}`;
    const currentRevision = rollout === "complete" ? updateRevision : (object.status?.currentRevision ?? updateRevision);
    const status: V1StatefulSet["status"] = {
      observedGeneration: generation,
      replicas: desired,
      readyReplicas: ready,
      availableReplicas: ready,
      currentReplicas: rollout === "complete" ? desired : desired - ready,
      updatedReplicas: ready,
      currentRevision,
      updateRevision,
    };
    return { ...object, status };
  }

  const revision = object.metadata?.annotations?.["deployment.kubernetes.io/revision"] ?? "1";
  const replicaSet = `${name}-${shortHash(`${revision}`)}`;
  const progressing =
    rollout === "complete"
      ? { type: "Progressing", status: "True", reason: "NewReplicaSetAvailable", message: `ReplicaSet "${replicaSet}" has successfully progressed.` }
      : rollout === "failed"
        ? { type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded", message: `ReplicaSet "${replicaSet}" has timed out progressing.` }
        : { type: "Progressing", status: "True", reason: "ReplicaSetUpdated", message: `ReplicaSet "${replicaSet}" is progressing.` };
  const status: V1Deployment["status"] = {
    observedGeneration: generation,
    replicas: desired,
    updatedReplicas: ready,
    readyReplicas: ready,
    availableReplicas: ready,
    unavailableReplicas: desired - ready,
    conditions: [
      { type: "Available", status: ready >= desired ? "True" : "False", reason: ready >= desired ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable" },
      progressing,
    ],
  };
  return { ...object, status };
}

function isStatefulSet(object: V1Deployment | V1StatefulSet): object is V1StatefulSet {
  return object.kind === "StatefulSet" || (object.spec !== undefined && "serviceName" in object.spec);
}

function containersOf(images: string[]): V1Container[] {
  return images.map((image, index) => ({ name: containerName(image, index), image }));
}

function containerName(image: string, index: number): string {
  const base = image.split("@")[0]?.split("/").pop()?.split(":")[0] ?? "app";
  return index === 0 ? base : `${base}-${index}`;
}

/** A stable 10-hex-digit FNV-1a hash, the shape of the pod-template hashes controllers put in names. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0").slice(0, 8) + (text.length % 256).toString(16).padStart(2, "0");
}
