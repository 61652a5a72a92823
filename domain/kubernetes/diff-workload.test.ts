import { describe, expect, it } from "vitest";
import { diffWorkload, type WorkloadBaseline } from "./diff-workload.ts";
import type { WorkloadObservation } from "./workload-observation.ts";

const base: WorkloadObservation = {
  cluster: "prod-eu",
  namespace: "shop",
  kind: "Deployment",
  name: "checkout",
  uid: "uid-1",
  resourceVersion: "100",
  generation: 3,
  labels: {},
  annotations: {},
  namespaceAnnotations: {},
  serviceAccountName: "default",
  images: ["ghcr.io/acme/checkout:1.4.2"],
  replicasDesired: 3,
  replicasReady: 3,
  revision: "3",
  rolloutState: "complete",
  rolloutMessage: null,
};
const observed = (overrides: Partial<WorkloadObservation>): WorkloadObservation => ({ ...base, ...overrides });

describe("diffWorkload", () => {
  const cases: { label: string; previous: WorkloadBaseline | null; next: WorkloadObservation | null; events: { type: string; title: string; dedupeKey: string }[] }[] = [
    { label: "nothing to nothing", previous: null, next: null, events: [] },
    { label: "first sight", previous: null, next: base, events: [{ type: "workload_created", title: "checkout: Deployment created in prod-eu/shop", dedupeKey: "k8s:prod-eu:uid-1:workload_created" }] },
    { label: "gone", previous: base, next: null, events: [{ type: "workload_deleted", title: "checkout: Deployment deleted from prod-eu/shop", dedupeKey: "k8s:prod-eu:uid-1:workload_deleted" }] },
    { label: "status churn only", previous: base, next: observed({ resourceVersion: "101", replicasReady: 2, rolloutState: "complete" }), events: [] },
    {
      label: "new image (a new generation, not yet rolled out)",
      previous: base,
      next: observed({ resourceVersion: "101", generation: 4, images: ["ghcr.io/acme/checkout:1.4.3"], rolloutState: "progressing" }),
      events: [{ type: "image_changed", title: "checkout: image ghcr.io/acme/checkout:1.4.2 → 1.4.3", dedupeKey: "k8s:prod-eu:uid-1:g4:image_changed" }],
    },
    {
      label: "rollout finishes",
      previous: observed({ generation: 4, revision: "4", rolloutState: "progressing", replicasReady: 2 }),
      next: observed({ generation: 4, revision: "4", rolloutState: "complete" }),
      events: [{ type: "rollout_complete", title: "checkout: rollout of revision 4 complete (3/3 ready)", dedupeKey: "k8s:prod-eu:uid-1:r4:rollout_complete" }],
    },
    {
      label: "rollout fails",
      previous: observed({ generation: 4, revision: "4", rolloutState: "progressing" }),
      next: observed({ generation: 4, revision: "4", rolloutState: "failed", rolloutMessage: 'ReplicaSet "checkout-7d9" has timed out progressing.' }),
      events: [{ type: "rollout_failed", title: 'checkout: rollout of revision 4 failed: ReplicaSet "checkout-7d9" has timed out progressing.', dedupeKey: "k8s:prod-eu:uid-1:r4:g4:rollout_failed" }],
    },
    {
      label: "scale up",
      previous: base,
      next: observed({ generation: 4, replicasDesired: 5, rolloutState: "progressing" }),
      events: [{ type: "scaled", title: "checkout: scaled 3 → 5 replicas", dedupeKey: "k8s:prod-eu:uid-1:g4:scaled" }],
    },
    { label: "scale to one", previous: base, next: observed({ generation: 4, replicasDesired: 1 }), events: [{ type: "scaled", title: "checkout: scaled 3 → 1 replica", dedupeKey: "k8s:prod-eu:uid-1:g4:scaled" }] },
    {
      label: "image and scale in one spec change",
      previous: base,
      next: observed({ generation: 4, replicasDesired: 4, images: ["ghcr.io/acme/checkout:1.5.0"] }),
      events: [
        { type: "image_changed", title: "checkout: image ghcr.io/acme/checkout:1.4.2 → 1.5.0", dedupeKey: "k8s:prod-eu:uid-1:g4:image_changed" },
        { type: "scaled", title: "checkout: scaled 3 → 4 replicas", dedupeKey: "k8s:prod-eu:uid-1:g4:scaled" },
      ],
    },
    {
      label: "deleted and re-created under the same name",
      previous: base,
      next: observed({ uid: "uid-2", generation: 1, revision: "1", rolloutState: "progressing" }),
      events: [
        { type: "workload_deleted", title: "checkout: Deployment deleted from prod-eu/shop", dedupeKey: "k8s:prod-eu:uid-1:workload_deleted" },
        { type: "workload_created", title: "checkout: Deployment created in prod-eu/shop", dedupeKey: "k8s:prod-eu:uid-2:workload_created" },
      ],
    },
    {
      label: "several containers, a sidecar added",
      previous: base,
      next: observed({ generation: 4, images: ["ghcr.io/acme/checkout:1.4.3", "envoyproxy/envoy:v1.31"] }),
      events: [{ type: "image_changed", title: "checkout: images ghcr.io/acme/checkout:1.4.2 → 1.4.3, +envoyproxy/envoy:v1.31", dedupeKey: "k8s:prod-eu:uid-1:g4:image_changed" }],
    },
    {
      label: "digest pinned images, registry with a port",
      previous: observed({ images: [`registry:5000/acme/checkout@sha256:${"a".repeat(64)}`] }),
      next: observed({ generation: 4, images: [`registry:5000/acme/checkout@sha256:${"b".repeat(64)}`] }),
      events: [{ type: "image_changed", title: `checkout: image registry:5000/acme/checkout@sha256:${"a".repeat(12)}… → sha256:${"b".repeat(12)}…`, dedupeKey: "k8s:prod-eu:uid-1:g4:image_changed" }],
    },
    { label: "container order does not matter", previous: observed({ images: ["a:1", "b:1"] }), next: observed({ images: ["b:1", "a:1"] }), events: [] },
    {
      label: "StatefulSet rollout keyed by its revision name",
      previous: observed({ kind: "StatefulSet", name: "ledger", revision: "ledger-5d8f", rolloutState: "progressing" }),
      next: observed({ kind: "StatefulSet", name: "ledger", revision: "ledger-7c9b", rolloutState: "complete" }),
      events: [{ type: "rollout_complete", title: "ledger: rollout of revision ledger-7c9b complete (3/3 ready)", dedupeKey: "k8s:prod-eu:uid-1:rledger-7c9b:rollout_complete" }],
    },
    {
      label: "no revision: keyed by generation",
      previous: observed({ revision: null, rolloutState: "unknown" }),
      next: observed({ revision: null, rolloutState: "complete" }),
      events: [{ type: "rollout_complete", title: "checkout: rollout complete (3/3 ready)", dedupeKey: "k8s:prod-eu:uid-1:g3:rollout_complete" }],
    },
    {
      label: "a stored row without uid as the baseline (changed while the worker was down)",
      previous: { cluster: "prod-eu", namespace: "shop", kind: "Deployment", name: "checkout", images: ["ghcr.io/acme/checkout:1.4.2"], replicasDesired: 3, revision: "3", rolloutState: "progressing", resourceVersion: "90" },
      next: observed({ generation: 4, revision: "4", images: ["ghcr.io/acme/checkout:1.4.3"] }),
      events: [
        { type: "image_changed", title: "checkout: image ghcr.io/acme/checkout:1.4.2 → 1.4.3", dedupeKey: "k8s:prod-eu:uid-1:g4:image_changed" },
        { type: "rollout_complete", title: "checkout: rollout of revision 4 complete (3/3 ready)", dedupeKey: "k8s:prod-eu:uid-1:r4:rollout_complete" },
      ],
    },
    {
      label: "a stored row without uid, deleted while the worker was down",
      previous: { cluster: "prod-eu", namespace: "shop", kind: "Deployment", name: "checkout", images: [], replicasDesired: 3, revision: "3", rolloutState: "complete", resourceVersion: "90" },
      next: null,
      events: [{ type: "workload_deleted", title: "checkout: Deployment deleted from prod-eu/shop", dedupeKey: "k8s:prod-eu:shop/Deployment/checkout@90:workload_deleted" }],
    },
  ];

  it.each(cases)("$label", ({ previous, next, events }) => {
    expect(diffWorkload(previous, next).map(({ type, title, dedupeKey }) => ({ type, title, dedupeKey }))).toEqual(events);
  });

  it("gives the same keys when the same state is observed again (restart, relist)", () => {
    const previous = observed({ generation: 4, revision: "4", rolloutState: "progressing" });
    const next = observed({ generation: 4, revision: "4", images: ["ghcr.io/acme/checkout:1.5.0"], rolloutState: "complete" });
    const first = diffWorkload(previous, next).map((event) => event.dedupeKey);
    const again = diffWorkload({ ...previous, resourceVersion: "555" }, { ...next, resourceVersion: "556", replicasReady: 3 }).map((event) => event.dedupeKey);
    expect(again).toEqual(first);
    expect(diffWorkload(null, next)[0]?.dedupeKey).toBe(diffWorkload(null, { ...next, resourceVersion: "999" })[0]?.dedupeKey);
  });

  it("a scale after a completed rollout reuses the rollout's key, so history shows one completion", () => {
    const done = diffWorkload(observed({ rolloutState: "progressing" }), base);
    const scaledBack = diffWorkload(observed({ generation: 4, replicasDesired: 5, rolloutState: "progressing" }), observed({ generation: 4, replicasDesired: 5 }));
    expect(scaledBack.find((event) => event.type === "rollout_complete")?.dedupeKey).toBe(done[0]?.dedupeKey);
  });

  it("carries the details a history entry needs", () => {
    const [event] = diffWorkload(base, observed({ generation: 4, images: ["ghcr.io/acme/checkout:1.4.3"] }));
    expect(event?.details).toEqual({
      cluster: "prod-eu",
      namespace: "shop",
      kind: "Deployment",
      name: "checkout",
      uid: "uid-1",
      generation: 4,
      revision: "3",
      from: ["ghcr.io/acme/checkout:1.4.2"],
      to: ["ghcr.io/acme/checkout:1.4.3"],
    });
  });
});
