import type { V1Deployment, V1ReplicaSet, V1StatefulSet } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { toWorkloadObservation } from "./to-workload-observation.ts";

const deployment = (overrides: { annotations?: Record<string, string>; replicas?: number; images?: string[]; serviceAccountName?: string } = {}): V1Deployment => ({
  metadata: {
    name: "checkout",
    namespace: "shop",
    uid: "dep-uid",
    resourceVersion: "42",
    generation: 3,
    // Objects from a LIST carry Dates, from a WATCH strings: neither is read.
    creationTimestamp: new Date("2025-01-01T00:00:00Z"),
    labels: { "app.kubernetes.io/name": "checkout" },
    annotations: overrides.annotations ?? { "deployment.kubernetes.io/revision": "7" },
  },
  spec: {
    replicas: overrides.replicas,
    selector: { matchLabels: { app: "checkout" } },
    template: {
      spec: {
        ...(overrides.serviceAccountName === undefined ? {} : { serviceAccountName: overrides.serviceAccountName }),
        initContainers: [{ name: "migrate", image: "ghcr.io/acme/migrate:1" }],
        containers: (overrides.images ?? ["ghcr.io/acme/checkout:1.4.2", "envoyproxy/envoy:v1.31", "ghcr.io/acme/checkout:1.4.2"]).map((image, index) => ({ name: `c${index}`, image })),
      },
    },
  },
  status: { observedGeneration: 3, replicas: 3, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 2 },
});

const replicaSet = (revision: string, ownerUid = "dep-uid", controller = true): V1ReplicaSet => ({
  metadata: { name: `checkout-${revision}`, namespace: "shop", annotations: { "deployment.kubernetes.io/revision": revision }, ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "checkout", uid: ownerUid, controller }] },
});

describe("toWorkloadObservation", () => {
  it("converts a Deployment and joins its namespace's annotations", () => {
    const observation = toWorkloadObservation("prod-eu", { kind: "Deployment", object: deployment({ replicas: 3, serviceAccountName: "bookinfo-reviews" }) }, { metadata: { name: "shop", annotations: { "plumbline.dev/owner": "payments" } } });
    expect(observation).toEqual({
      cluster: "prod-eu",
      namespace: "shop",
      kind: "Deployment",
      name: "checkout",
      uid: "dep-uid",
      resourceVersion: "42",
      generation: 3,
      labels: { "app.kubernetes.io/name": "checkout" },
      annotations: { "deployment.kubernetes.io/revision": "7" },
      namespaceAnnotations: { "plumbline.dev/owner": "payments" },
      serviceAccountName: "bookinfo-reviews",
      images: ["ghcr.io/acme/checkout:1.4.2", "envoyproxy/envoy:v1.31"],
      replicasDesired: 3,
      replicasReady: 2,
      revision: "7",
      rolloutState: "progressing",
      rolloutMessage: "2 of 3 updated replicas are available",
    });
  });

  it("defaults spec.replicas to 1 and tolerates a missing namespace", () => {
    const observation = toWorkloadObservation("c", { kind: "Deployment", object: deployment() }, undefined);
    expect(observation.replicasDesired).toBe(1);
    expect(observation.namespaceAnnotations).toEqual({});
    // Kubernetes runs pods whose template names no account as "default".
    expect(observation.serviceAccountName).toBe("default");
  });

  it.each([
    ["the newest owned ReplicaSet", [replicaSet("2"), replicaSet("10"), replicaSet("9")], "10"],
    ["not a ReplicaSet owned by another Deployment", [replicaSet("3"), replicaSet("12", "other-uid")], "3"],
    ["not a ReplicaSet owned without controller", [replicaSet("4", "dep-uid", false)], null],
    ["nothing without ReplicaSets", [], null],
  ])("takes the revision, when the Deployment has none, from %s", (_label, replicaSets, revision) => {
    const observation = toWorkloadObservation("c", { kind: "Deployment", object: deployment({ annotations: {} }) }, undefined, replicaSets);
    expect(observation.revision).toBe(revision);
  });

  it("converts a StatefulSet with its current revision", () => {
    const statefulSet: V1StatefulSet = {
      metadata: { name: "ledger", namespace: "shop", uid: "sts-uid", resourceVersion: "50", generation: 2 },
      spec: { replicas: 3, serviceName: "ledger", selector: {}, template: { spec: { containers: [{ name: "db", image: "postgres:16" }] } } },
      status: { observedGeneration: 2, replicas: 3, readyReplicas: 3, updatedReplicas: 1, currentRevision: "ledger-5d8f", updateRevision: "ledger-7c9b" },
    };
    expect(toWorkloadObservation("c", { kind: "StatefulSet", object: statefulSet }, undefined)).toMatchObject({
      kind: "StatefulSet",
      images: ["postgres:16"],
      replicasDesired: 3,
      replicasReady: 3,
      revision: "ledger-5d8f",
      rolloutState: "progressing",
      rolloutMessage: expect.stringContaining("ledger-7c9b"),
    });
  });
});
