import {
  applyObservedServiceFacts,
  EMPTY_SERVICE_FACTS,
  KUBERNETES_SOURCE,
  kubernetesWarningSource,
  sameServiceFacts,
  withoutWorkloadWarnings,
  workloadReference,
  type ServiceFacts,
} from "@/domain/kubernetes/apply-observed-service-facts.ts";
import { diffWorkload, type WorkloadBaseline, type WorkloadChangeEvent } from "@/domain/kubernetes/diff-workload.ts";
import { mapWorkloadToService, type ServiceMapping } from "@/domain/kubernetes/map-workload-to-service.ts";
import type { RolloutState, WorkloadKey, WorkloadKind, WorkloadObservation } from "@/domain/kubernetes/workload-observation.ts";
import {
  inWorkloadTransaction,
  type TChangeEventWrite,
  type TServiceFactsRow,
  type TWorkloadRow,
  type TWorkloadStore,
  type TWorkloadWrite,
} from "./workloads.repository.ts";

/** What the watcher reported, in the order it reported it. */
export type TWorkloadChange =
  | { type: "upsert"; observation: WorkloadObservation; previous: WorkloadObservation | null }
  | {
      type: "delete";
      key: WorkloadKey;
      /** The last observation, or a stored row when the deletion was found by reconciling. */
      last: WorkloadBaseline & Partial<Pick<WorkloadObservation, "labels" | "annotations" | "namespaceAnnotations">>;
    };

export interface TWarningChange {
  workload: string;
  serviceSlug: string;
  messages: string[];
}

export interface TRecordWorkloadChangesResult {
  eventsInserted: number;
  servicesCreated: number;
  /** Workloads whose mapping warnings changed: the caller logs them. */
  warningChanges: TWarningChange[];
}

interface TrackedWorkload {
  stored: TWorkloadRow | null;
  row: TWorkloadWrite;
  serviceSlug: string | null;
}

interface PendingEvent {
  event: WorkloadChangeEvent;
  serviceSlug: string | null;
}

/**
 * Records a batch of one cluster's workload changes: workload rows, the services they
 * map to (observed facts beside declared ones, warnings, "no running workloads since")
 * and change events, in one transaction. Changes are applied in order; each one is
 * diffed against the watcher's previous observation or, when it has none (first sight
 * since the worker started), against the stored row, so what changed while the worker
 * was down is recorded too. Event keys are deterministic and inserted with "on conflict
 * do nothing", so recording the same change twice (a restart, a relist) adds nothing.
 */
export async function recordWorkloadChanges(
  organizationId: string,
  cluster: { id: string; name: string },
  changes: TWorkloadChange[],
  options: { now?: Date } = {},
): Promise<TRecordWorkloadChangesResult> {
  if (changes.length === 0) return { eventsInserted: 0, servicesCreated: 0, warningChanges: [] };
  const now = options.now ?? new Date();
  return inWorkloadTransaction(organizationId, (store) => applyChanges(store, cluster, changes, now));
}

async function applyChanges(
  store: TWorkloadStore,
  cluster: { id: string; name: string },
  changes: TWorkloadChange[],
  now: Date,
): Promise<TRecordWorkloadChangesResult> {
  // Pass 1: read what is stored for every workload and service the batch touches.
  const mappings = changes.map((change) => mappingOf(change));
  const storedRows = await store.findWorkloads(cluster.id, changes.map((change) => nameOf(change)));
  const servicesById = new Map((await store.findServicesById(storedRows.flatMap((row) => (row.serviceId === null ? [] : [row.serviceId])))).map((row) => [row.id, row]));
  const servicesBySlug = new Map([...servicesById.values()].map((row) => [row.slug, row]));
  const wantedSlugs = mappings.flatMap((mapping) => (mapping === null ? [] : [mapping.serviceSlug])).filter((slug) => !servicesBySlug.has(slug));
  for (const row of await store.findServicesBySlug(wantedSlugs)) servicesBySlug.set(row.slug, row);

  const tracked = new Map<string, TrackedWorkload>();
  for (const row of storedRows) {
    const { id: _id, ...write } = row;
    tracked.set(keyOf(row), { stored: row, row: write, serviceSlug: row.serviceId === null ? null : (servicesById.get(row.serviceId)?.slug ?? null) });
  }
  const facts = new Map<string, ServiceFacts>();
  const factsOf = (slug: string): ServiceFacts => {
    const known = facts.get(slug);
    if (known !== undefined) return known;
    const row = servicesBySlug.get(slug);
    const initial = row === undefined ? EMPTY_SERVICE_FACTS : factsFromRow(row);
    facts.set(slug, initial);
    return initial;
  };
  const gained = new Set<string>();
  const lost = new Set<string>();
  const pending: PendingEvent[] = [];
  const warningChanges: TWarningChange[] = [];

  // Pass 2: apply every change in order, in memory.
  changes.forEach((change, index) => {
    const key = keyOf(change.type === "upsert" ? change.observation : change.key);
    const current = tracked.get(key);
    const isLive = current !== undefined && current.row.deletedAt === null;
    if (change.type === "upsert") {
      const { observation } = change;
      const mapping = mappings[index];
      if (mapping === null || mapping === undefined) return;
      const baseline = change.previous ?? (isLive ? baselineOf(current.row, cluster.name) : null);
      const reference = workloadReference(observation);
      const slug = mapping.serviceSlug;
      for (const event of diffWorkload(baseline, observation)) {
        // A re-created workload's deletion belongs to the service the old one was part of.
        pending.push({ event, serviceSlug: event.type === "workload_deleted" ? (current?.serviceSlug ?? slug) : slug });
      }
      if (isLive && current.serviceSlug !== null && current.serviceSlug !== slug) {
        lost.add(current.serviceSlug);
        facts.set(current.serviceSlug, withoutWorkloadWarnings(factsOf(current.serviceSlug), reference));
      }
      const before = factsOf(slug);
      const fallbackSource = servicesBySlug.get(slug)?.source ?? KUBERNETES_SOURCE;
      const after = applyObservedServiceFacts(before, mapping, reference, fallbackSource);
      facts.set(slug, after);
      const warningChange = describeWarningChange(before, after, reference, slug);
      if (warningChange !== null) warningChanges.push(warningChange);
      gained.add(slug);
      const isSameIncarnation = isLive && current.row.uid === observation.uid;
      tracked.set(key, {
        stored: current?.stored ?? null,
        serviceSlug: slug,
        row: {
          ...rowOf(observation),
          serviceId: null,
          firstSeenAt: isSameIncarnation ? current.row.firstSeenAt : now,
          lastSeenAt: now,
          deletedAt: null,
        },
      });
      return;
    }

    const isSameIncarnation = isLive && (current.row.uid === null || current.row.uid === change.key.uid);
    const eventSlug = current?.serviceSlug ?? mappings[index]?.serviceSlug ?? null;
    for (const event of diffWorkload(change.last, null)) pending.push({ event, serviceSlug: eventSlug });
    if (isSameIncarnation) {
      current.row = { ...current.row, deletedAt: now };
      if (current.serviceSlug !== null) {
        lost.add(current.serviceSlug);
        facts.set(current.serviceSlug, withoutWorkloadWarnings(factsOf(current.serviceSlug), workloadReference(change.key)));
      }
    }
  });

  // Teams an observation made the owner of a service, and services first seen here.
  const ownerSlugs = [...facts.values()].flatMap((serviceFacts) => (serviceFacts.ownerTeamSlug === null ? [] : [serviceFacts.ownerTeamSlug]));
  let teamIds = await store.findTeamIds(ownerSlugs);
  const missingTeams = ownerSlugs.filter((slug) => !teamIds.has(slug));
  if (missingTeams.length > 0) {
    await store.createObservedTeams(missingTeams);
    teamIds = await store.findTeamIds(ownerSlugs);
  }
  const teamIdOf = (slug: string | null): string | null => (slug === null ? null : (teamIds.get(slug) ?? null));

  const newSlugs = [...facts.keys()].filter((slug) => !servicesBySlug.has(slug) && gained.has(slug));
  if (newSlugs.length > 0) {
    const createdIds = await store.createObservedServices(
      newSlugs.map((slug) => {
        const serviceFacts = factsOf(slug);
        return { slug, name: slug, ...serviceFacts, ownerTeamId: teamIdOf(serviceFacts.ownerTeamSlug) };
      }),
    );
    for (const [slug, id] of createdIds) {
      const serviceFacts = factsOf(slug);
      servicesBySlug.set(slug, { id, slug, source: KUBERNETES_SOURCE, ...serviceFacts, noWorkloadsSince: null });
    }
    // Created meanwhile by another writer (a catalog import): theirs stands.
    const raced = newSlugs.filter((slug) => !createdIds.has(slug));
    for (const row of await store.findServicesBySlug(raced)) servicesBySlug.set(row.slug, row);
  }
  const newSlugSet = new Set(newSlugs);
  await store.updateServiceFacts(
    [...facts].flatMap(([slug, serviceFacts]) => {
      const row = servicesBySlug.get(slug);
      if (row === undefined || newSlugSet.has(slug) || sameServiceFacts(factsFromRow(row), serviceFacts)) return [];
      return [{ serviceId: row.id, facts: { ...serviceFacts, ownerTeamId: teamIdOf(serviceFacts.ownerTeamSlug) } }];
    }),
  );
  const serviceIdOf = (slug: string | null): string | null => (slug === null ? null : (servicesBySlug.get(slug)?.id ?? null));

  // Workload rows: create, update what changed, and only touch what did not.
  const created: TWorkloadWrite[] = [];
  const updated: (TWorkloadWrite & { id: string })[] = [];
  const touched: string[] = [];
  for (const workload of tracked.values()) {
    const row = { ...workload.row, serviceId: serviceIdOf(workload.serviceSlug) };
    if (workload.stored === null) {
      created.push(row);
    } else if (!sameWorkloadRow(workload.stored, row)) {
      updated.push({ ...row, id: workload.stored.id });
    } else if (row.deletedAt === null && row.lastSeenAt !== workload.stored.lastSeenAt) {
      touched.push(workload.stored.id);
    }
  }
  await store.createWorkloads(cluster.id, created);
  await store.updateWorkloads(updated);
  await store.touchWorkloads(touched, now);

  // "No running workloads since": set when a service's last workload went, cleared when one runs again.
  const liveSlugs = new Set([...tracked.values()].filter((workload) => workload.row.deletedAt === null).flatMap((workload) => (workload.serviceSlug === null ? [] : [workload.serviceSlug])));
  const running = [...liveSlugs].flatMap((slug) => {
    const row = servicesBySlug.get(slug);
    return row !== undefined && row.noWorkloadsSince !== null ? [row.id] : [];
  });
  await store.setNoWorkloadsSince(running, null);
  const candidates = [...lost].filter((slug) => !liveSlugs.has(slug)).flatMap((slug) => {
    const row = servicesBySlug.get(slug);
    return row !== undefined && row.noWorkloadsSince === null ? [row.id] : [];
  });
  const liveCounts = await store.countLiveWorkloads(candidates);
  await store.setNoWorkloadsSince(
    candidates.filter((id) => (liveCounts.get(id) ?? 0) === 0),
    now,
  );

  // Events, oldest first: spread over the batch's last milliseconds so the history keeps their order.
  const events: TChangeEventWrite[] = pending.map(({ event, serviceSlug }, index) => ({
    serviceId: serviceIdOf(serviceSlug),
    type: event.type,
    title: event.title,
    details: { ...event.details },
    dedupeKey: event.dedupeKey,
    occurredAt: new Date(now.getTime() - (pending.length - 1 - index)),
  }));
  const eventsInserted = await store.insertChangeEvents(events);
  return { eventsInserted, servicesCreated: newSlugs.length, warningChanges };
}

function mappingOf(change: TWorkloadChange): ServiceMapping | null {
  if (change.type === "upsert") return mapWorkloadToService(change.observation);
  const { last } = change;
  // A deletion found by reconciling carries a stored row, whose service is known by id instead.
  if (last.labels === undefined || last.annotations === undefined || last.namespaceAnnotations === undefined) return null;
  return mapWorkloadToService({ ...last, labels: last.labels, annotations: last.annotations, namespaceAnnotations: last.namespaceAnnotations });
}

function nameOf(change: TWorkloadChange): string {
  return change.type === "upsert" ? change.observation.name : change.key.name;
}

function keyOf(workload: { namespace: string; kind: string; name: string }): string {
  return `${workload.namespace}/${workload.kind}/${workload.name}`;
}

function rowOf(observation: WorkloadObservation): Omit<TWorkloadWrite, "serviceId" | "firstSeenAt" | "lastSeenAt" | "deletedAt"> {
  return {
    namespace: observation.namespace,
    kind: observation.kind,
    name: observation.name,
    uid: observation.uid,
    generation: observation.generation,
    images: observation.images,
    replicasDesired: observation.replicasDesired,
    replicasReady: observation.replicasReady,
    revision: observation.revision,
    rolloutState: observation.rolloutState,
    resourceVersion: observation.resourceVersion,
    labels: observation.labels,
    annotations: observation.annotations,
    serviceAccountName: observation.serviceAccountName,
  };
}

const ROLLOUT_STATES: readonly RolloutState[] = ["progressing", "complete", "failed", "unknown"];

/** A stored row as a diff baseline: what a restarted worker compares its first observation with. */
export function baselineOf(row: TWorkloadWrite, cluster: string): WorkloadBaseline {
  const rolloutState = ROLLOUT_STATES.find((state) => state === row.rolloutState) ?? "unknown";
  return {
    cluster,
    namespace: row.namespace,
    kind: row.kind === "StatefulSet" ? "StatefulSet" : ("Deployment" satisfies WorkloadKind),
    name: row.name,
    images: row.images,
    replicasDesired: row.replicasDesired ?? 0,
    revision: row.revision,
    rolloutState,
    resourceVersion: row.resourceVersion ?? "",
    ...(row.uid === null ? {} : { uid: row.uid }),
    ...(row.generation === null ? {} : { generation: row.generation }),
    ...(row.replicasReady === null ? {} : { replicasReady: row.replicasReady }),
  };
}

function factsFromRow(row: TServiceFactsRow): ServiceFacts {
  return {
    ownerTeamSlug: row.ownerTeamSlug,
    tier: row.tier,
    repoUrl: row.repoUrl,
    runbookUrl: row.runbookUrl,
    slackChannel: row.slackChannel,
    provenance: row.provenance,
    warnings: row.warnings,
  };
}

function sameWorkloadRow(stored: TWorkloadRow, next: TWorkloadWrite): boolean {
  return (
    stored.serviceId === next.serviceId &&
    stored.uid === next.uid &&
    stored.generation === next.generation &&
    stored.replicasDesired === next.replicasDesired &&
    stored.replicasReady === next.replicasReady &&
    stored.revision === next.revision &&
    stored.rolloutState === next.rolloutState &&
    stored.resourceVersion === next.resourceVersion &&
    stored.firstSeenAt.getTime() === next.firstSeenAt.getTime() &&
    (stored.deletedAt?.getTime() ?? null) === (next.deletedAt?.getTime() ?? null) &&
    JSON.stringify(stored.images) === JSON.stringify(next.images) &&
    sameRecord(stored.labels, next.labels) &&
    sameRecord(stored.annotations, next.annotations) &&
    stored.serviceAccountName === next.serviceAccountName
  );
}

function sameRecord(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

function describeWarningChange(before: ServiceFacts, after: ServiceFacts, reference: string, serviceSlug: string): TWarningChange | null {
  const source = kubernetesWarningSource(reference);
  const messagesOf = (serviceFacts: ServiceFacts) => serviceFacts.warnings.filter((warning) => warning.source === source).map((warning) => warning.message);
  const previous = messagesOf(before);
  const next = messagesOf(after);
  if (next.length === 0 || JSON.stringify(previous) === JSON.stringify(next)) return null;
  return { workload: reference, serviceSlug, messages: next };
}
