import type { RolloutState, WorkloadKind, WorkloadObservation } from "./workload-observation.ts";

export type WorkloadChangeType = "workload_created" | "image_changed" | "scaled" | "rollout_complete" | "rollout_failed" | "workload_deleted";

/**
 * What diffWorkload needs of the previous state. A full WorkloadObservation fits; so does
 * a stored Workload row (no uid or generation), which is how a restarted worker notices
 * changes that happened while it was down.
 */
export type WorkloadBaseline = Pick<
  WorkloadObservation,
  "cluster" | "namespace" | "kind" | "name" | "images" | "replicasDesired" | "revision" | "rolloutState" | "resourceVersion"
> &
  Partial<Pick<WorkloadObservation, "uid" | "generation" | "replicasReady" | "rolloutMessage">>;

export interface WorkloadChangeSubject {
  cluster: string;
  namespace: string;
  kind: WorkloadKind;
  name: string;
  uid: string | null;
  generation: number | null;
  revision: string | null;
}

interface ChangeEventBase<T extends WorkloadChangeType, D> {
  type: T;
  /** One line for the service history, e.g. "checkout: image ghcr.io/acme/checkout:1.4.2 → 1.4.3". */
  title: string;
  details: WorkloadChangeSubject & D;
  /**
   * Stable across restarts and re-observations: built from the uid and the
   * generation/revision the event is about, never from time or order of arrival, so
   * storing events with "on conflict do nothing" makes the whole pipeline idempotent.
   */
  dedupeKey: string;
}

export type WorkloadChangeEvent =
  | ChangeEventBase<"workload_created", { images: string[]; replicasDesired: number }>
  | ChangeEventBase<"image_changed", { from: string[]; to: string[] }>
  | ChangeEventBase<"scaled", { from: number; to: number }>
  | ChangeEventBase<"rollout_complete", { images: string[]; replicasReady: number; replicasDesired: number }>
  | ChangeEventBase<"rollout_failed", { images: string[]; message: string | null }>
  | ChangeEventBase<"workload_deleted", { images: string[]; replicasDesired: number }>;

/**
 * The change events between two observations of one workload (null = absent). A
 * different uid under the same name is a deletion followed by a creation. Only what
 * people care about in a service history is reported: status churn that changes none of
 * images, desired replicas or the rollout outcome yields nothing.
 */
export function diffWorkload(previous: WorkloadBaseline | null, next: WorkloadObservation | null): WorkloadChangeEvent[] {
  if (next === null) return previous === null ? [] : [deleted(previous)];
  if (previous === null) return [created(next)];
  if (previous.uid !== undefined && previous.uid !== next.uid) return [deleted(previous), created(next)];

  const events: WorkloadChangeEvent[] = [];
  if (!sameImages(previous.images, next.images)) {
    events.push({
      type: "image_changed",
      title: `${next.name}: ${describeImageChange(previous.images, next.images)}`,
      details: { ...subjectOf(next), from: previous.images, to: next.images },
      // Every pod-template change bumps the generation, so generation names this image set.
      dedupeKey: keyOf(next, `g${next.generation}`, "image_changed"),
    });
  }
  if (previous.replicasDesired !== next.replicasDesired) {
    events.push({
      type: "scaled",
      title: `${next.name}: scaled ${previous.replicasDesired} → ${next.replicasDesired} ${next.replicasDesired === 1 ? "replica" : "replicas"}`,
      details: { ...subjectOf(next), from: previous.replicasDesired, to: next.replicasDesired },
      dedupeKey: keyOf(next, `g${next.generation}`, "scaled"),
    });
  }
  if (entered(previous.rolloutState, next.rolloutState, "complete")) {
    events.push({
      type: "rollout_complete",
      title: `${next.name}: ${rolloutName(next)} complete (${next.replicasReady}/${next.replicasDesired} ready)`,
      details: { ...subjectOf(next), images: next.images, replicasReady: next.replicasReady, replicasDesired: next.replicasDesired },
      // Keyed by revision alone: a scale makes a Deployment "progressing" and then
      // "complete" again without rolling anything out, and must not add a second entry.
      dedupeKey: keyOf(next, revisionPart(next), "rollout_complete"),
    });
  }
  if (entered(previous.rolloutState, next.rolloutState, "failed")) {
    events.push({
      type: "rollout_failed",
      title: `${next.name}: ${rolloutName(next)} failed${next.rolloutMessage ? `: ${next.rolloutMessage}` : ""}`,
      details: { ...subjectOf(next), images: next.images, message: next.rolloutMessage },
      // A revision can fail, be fixed by a spec change that keeps the pod template, and fail again.
      dedupeKey: keyOf(next, `${revisionPart(next)}:g${next.generation}`, "rollout_failed"),
    });
  }
  return events;
}

function created(next: WorkloadObservation): WorkloadChangeEvent {
  return {
    type: "workload_created",
    title: `${next.name}: ${next.kind} created in ${next.cluster}/${next.namespace}`,
    details: { ...subjectOf(next), images: next.images, replicasDesired: next.replicasDesired },
    dedupeKey: keyOf(next, null, "workload_created"),
  };
}

function deleted(previous: WorkloadBaseline): WorkloadChangeEvent {
  return {
    type: "workload_deleted",
    title: `${previous.name}: ${previous.kind} deleted from ${previous.cluster}/${previous.namespace}`,
    details: { ...subjectOf(previous), images: previous.images, replicasDesired: previous.replicasDesired },
    dedupeKey: keyOf(previous, null, "workload_deleted"),
  };
}

function subjectOf(workload: WorkloadBaseline): WorkloadChangeSubject {
  return {
    cluster: workload.cluster,
    namespace: workload.namespace,
    kind: workload.kind,
    name: workload.name,
    uid: workload.uid ?? null,
    generation: workload.generation ?? null,
    revision: workload.revision,
  };
}

function keyOf(workload: WorkloadBaseline, version: string | null, type: WorkloadChangeType): string {
  // Without a uid (a baseline read back from storage) the last resourceVersion pins the incarnation.
  const identity = workload.uid ?? `${workload.namespace}/${workload.kind}/${workload.name}@${workload.resourceVersion}`;
  return ["k8s", workload.cluster, identity, ...(version === null ? [] : [version]), type].join(":");
}

function revisionPart(workload: WorkloadObservation): string {
  return workload.revision === null ? `g${workload.generation}` : `r${workload.revision}`;
}

function rolloutName(workload: WorkloadObservation): string {
  return workload.revision === null ? "rollout" : `rollout of revision ${workload.revision}`;
}

function entered(previous: RolloutState, next: RolloutState, state: RolloutState): boolean {
  return next === state && previous !== state;
}

function sameImages(a: string[], b: string[]): boolean {
  // Container order carries no meaning for a deploy; only the set of images does.
  const left = [...new Set(a)].sort();
  const right = [...new Set(b)].sort();
  return left.length === right.length && left.every((image, index) => image === right[index]);
}

interface ImageReference {
  repository: string;
  /** ":tag", "@sha256:…", or "" for an untagged reference. */
  version: string;
}

function parseImage(image: string): ImageReference {
  const at = image.indexOf("@");
  if (at >= 0) return { repository: image.slice(0, at), version: image.slice(at) };
  const colon = image.lastIndexOf(":");
  // A colon before the last slash is a registry port (registry:5000/app), not a tag.
  if (colon > image.lastIndexOf("/")) return { repository: image.slice(0, colon), version: image.slice(colon) };
  return { repository: image, version: "" };
}

function shortVersion(version: string): string {
  if (version === "") return "(untagged)";
  // Digests are 71 characters; the first 12 hex digits identify them for a person.
  if (version.startsWith("@")) return version.slice(1).replace(/^(sha256:[0-9a-f]{12})[0-9a-f]+$/, "$1…");
  return version.slice(1);
}

function withVersion(reference: ImageReference): string {
  if (reference.version === "") return reference.repository;
  return `${reference.repository}${reference.version.startsWith("@") ? "@" : ":"}${shortVersion(reference.version)}`;
}

function describeImageChange(before: string[], after: string[]): string {
  const oldByRepository = new Map(before.map((image) => [parseImage(image).repository, parseImage(image)]));
  const newByRepository = new Map(after.map((image) => [parseImage(image).repository, parseImage(image)]));
  const parts: string[] = [];
  for (const [repository, next] of newByRepository) {
    const previous = oldByRepository.get(repository);
    if (previous === undefined) parts.push(`+${withVersion(next)}`);
    else if (previous.version !== next.version) parts.push(`${withVersion(previous)} → ${shortVersion(next.version)}`);
  }
  for (const [repository, previous] of oldByRepository) {
    if (!newByRepository.has(repository)) parts.push(`−${withVersion(previous)}`);
  }
  const noun = parts.length === 1 ? "image" : "images";
  return `${noun} ${parts.join(", ")}`;
}
