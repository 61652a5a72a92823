import { getConfig } from "@/server/config/get-config.ts";
import type { V1Deployment, V1StatefulSet } from "@kubernetes/client-node";
import type { Logger } from "pino";
import { startFakeApiServer, type FakeApiServer } from "@/integrations/kubernetes/fake-api-server/fake-api-server.ts";
import { deploymentFixture, namespaceFixture, serviceFixture, statefulSetFixture, withRolloutStatus, type FixtureRollout } from "@/integrations/kubernetes/fake-api-server/workload-fixtures.ts";
import { findServicesForDemoCluster, type TWorkloadRow } from "@/server/workloads/workloads.repository.ts";

/**
 * The demo's Kubernetes cluster: the fake API server on loopback, holding one workload
 * per catalog service, with a controller-like loop that rolls out new versions, fails a
 * rollout now and then (and rolls it back), and scales. Discovery watches it through
 * client-node exactly as it watches a real cluster.
 *
 * Naming is a contract with the mesh simulator: workload `<service slug>` in namespace
 * `<owner team slug>`.
 */
export const DEMO_CLUSTER_NAME = "demo";

export interface DemoCluster {
  readonly name: string;
  /** The API server's address, for loadClusters({ explicit }). */
  readonly url: string;
  /** Workloads the demo created, for logs and tests. */
  readonly workloadCount: number;
  stop(): Promise<void>;
}

export interface DemoClusterOptions {
  organizationId: string;
  log: Logger;
  /** Seconds between two changes: "40-90" (a random pause in that range) or "60". */
  rolloutSeconds?: string;
  random?: () => number;
}

type WorkloadKind = "Deployment" | "StatefulSet";

interface DemoWorkload {
  kind: WorkloadKind;
  namespace: string;
  name: string;
  version: [number, number, number];
  replicas: number;
  /** The Deployment's revision annotation; StatefulSet revisions are hashes the fixture derives. */
  revision: number;
  annotations: Record<string, string>;
  uid: string | null;
  generation: number | null;
  /** How it was when the demo last stopped, so discovery sees no change on a restart. */
  restored: { rollout: FixtureRollout; ready: number | null } | null;
  busy: boolean;
}

const DEFAULT_ROLLOUT_SECONDS = "40-90";
const STATEFUL = /^(ledger|inventory)$|-(db|database|store|cache|queue)$/;
const FAILURE_ODDS = 1 / 8;
const SCALE_ODDS = 1 / 6;

export async function startDemoCluster(options: DemoClusterOptions): Promise<DemoCluster> {
  const random = options.random ?? Math.random;
  const log = options.log.child({ demoCluster: DEMO_CLUSTER_NAME });
  const configured = getConfig().demo.rolloutSeconds;
  const [minSeconds, maxSeconds] = options.rolloutSeconds === undefined ? [configured.min, configured.max] : parseRolloutSeconds(options.rolloutSeconds, log);
  const services = await findServicesForDemoCluster(options.organizationId, DEMO_CLUSTER_NAME);
  const server = await startFakeApiServer({ bookmarkIntervalMs: 30_000 });

  const workloads: DemoWorkload[] = services.map((service) => {
    const namespace = service.ownerTeamSlug ?? "default";
    // What ran before a restart comes back as it was: same uid, image, scale and generation,
    // so discovery sees no change and the history gets no duplicate entries.
    const previous: TWorkloadRow | undefined = service.workloads.find((row) => row.namespace === namespace && row.name === service.slug);
    // Valid annotations only: the demo must not print warnings about its own data (the
    // warning feature is shown by catalog imports that do carry mistakes, and tested there).
    const annotations: Record<string, string> = { "plumbline.dev/service": service.slug, "plumbline.dev/owner": namespace };
    return {
      kind: previous?.kind === "StatefulSet" || (previous === undefined && STATEFUL.test(service.slug)) ? "StatefulSet" : "Deployment",
      namespace,
      name: service.slug,
      version: versionOf(previous?.images[0]) ?? initialVersion(service.slug),
      replicas: previous?.replicasDesired ?? (service.tier === 1 ? 3 : 2),
      revision: Number(previous?.revision) > 0 ? Number(previous?.revision) : 1,
      annotations,
      uid: previous?.uid ?? null,
      generation: previous?.generation ?? null,
      restored: previous === undefined ? null : { rollout: restoredRollout(previous.rolloutState), ready: previous.replicasReady },
      busy: false,
    };
  });

  for (const namespace of new Set(workloads.map((workload) => workload.namespace))) {
    server.upsert("Namespace", namespaceFixture(namespace, { "plumbline.dev/owner": namespace }, { "app.kubernetes.io/part-of": "acme-shop" }));
  }
  for (const workload of workloads) {
    apply(server, workload, workload.restored?.rollout ?? "complete", workload.restored?.ready ?? undefined);
    server.upsert("Service", serviceFixture(workload.namespace, workload.name, { "app.kubernetes.io/instance": workload.name }, 8080));
  }
  log.info({ url: server.url, workloads: workloads.length, rolloutSeconds: `${minSeconds}-${maxSeconds}` }, "demo cluster started");

  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  const later = (seconds: number, action: () => void): void => {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (stopped) return;
      try {
        action();
      } catch (error) {
        log.warn({ err: error }, "demo cluster step failed");
      }
    }, seconds * 1000);
    timer.unref();
    timers.add(timer);
  };
  const between = (low: number, high: number): number => low + random() * (high - low);
  // Rollouts take a few seconds, but never longer than the pause between changes (fast demos, tests).
  const progressSeconds = (low: number, high: number): number => Math.min(between(low, high), minSeconds / 2);

  function rollOut(workload: DemoWorkload, version: [number, number, number], outcome: "complete" | "failed", then?: () => void): void {
    workload.busy = true;
    workload.version = version;
    workload.revision += 1;
    apply(server, workload, "progressing");
    later(progressSeconds(3, 8), () => {
      apply(server, workload, outcome);
      if (then) then();
      else workload.busy = false;
    });
  }

  function step(): void {
    const idle = workloads.filter((workload) => !workload.busy);
    const workload = idle[Math.floor(random() * idle.length)];
    if (workload === undefined) return;
    const roll = random();
    if (roll < FAILURE_ODDS && workload.kind === "Deployment") {
      const good = workload.version;
      log.info({ workload: workload.name }, "demo: a rollout that will fail");
      rollOut(workload, nextVersion(good, random), "failed", () => {
        // Someone notices and runs `kubectl rollout undo`: the old image under a new revision.
        later(Math.min(between(20, 40), minSeconds), () => rollOut(workload, good, "complete"));
      });
    } else if (roll < FAILURE_ODDS + SCALE_ODDS) {
      workload.busy = true;
      const before = workload.replicas;
      workload.replicas = before >= 5 ? before - 1 : before <= 2 ? before + 1 : before + (random() < 0.5 ? -1 : 1);
      apply(server, workload, "progressing", Math.min(before, workload.replicas));
      later(progressSeconds(3, 6), () => {
        apply(server, workload, "complete");
        workload.busy = false;
      });
    } else {
      rollOut(workload, nextVersion(workload.version, random), "complete");
    }
  }

  // What was under way when the demo stopped finishes now: a rollout completes, a failed one is fixed forward.
  for (const workload of workloads) {
    if (workload.restored?.rollout === "progressing") {
      workload.busy = true;
      later(progressSeconds(3, 8), () => {
        apply(server, workload, "complete");
        workload.busy = false;
      });
    } else if (workload.restored?.rollout === "failed") {
      workload.busy = true;
      later(Math.min(between(20, 40), minSeconds), () => rollOut(workload, nextVersion(workload.version, random), "complete"));
    }
  }

  const schedule = (first: boolean): void => {
    // The first change comes soon, so a newcomer sees the history move within a minute.
    const seconds = first ? Math.min(12, minSeconds) : between(minSeconds, maxSeconds);
    later(seconds, () => {
      step();
      schedule(false);
    });
  };
  if (workloads.length > 0) schedule(true);

  return {
    name: DEMO_CLUSTER_NAME,
    url: server.url,
    workloadCount: workloads.length,
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await server.close();
    },
  };
}

/** Writes the workload's spec, then the status its controller would report, like a real rollout. */
function apply(server: FakeApiServer, workload: DemoWorkload, rollout: FixtureRollout, ready?: number): void {
  const fixture = {
    namespace: workload.namespace,
    name: workload.name,
    images: [`ghcr.io/acme/${workload.name}:${workload.version.join(".")}`],
    replicas: workload.replicas,
    labels: { "app.kubernetes.io/name": workload.name, "app.kubernetes.io/part-of": "acme-shop" },
    annotations: workload.annotations,
  };
  const restore = { ...(workload.uid === null ? {} : { uid: workload.uid }), ...(workload.generation === null ? {} : { generation: workload.generation }) };
  const readyOption = ready === undefined ? {} : { ready };
  if (workload.kind === "StatefulSet") {
    const object: V1StatefulSet = statefulSetFixture(fixture);
    object.metadata = { ...object.metadata, ...restore };
    const stored = server.upsert("StatefulSet", object);
    server.upsert("StatefulSet", withRolloutStatus(stored, rollout, readyOption));
  } else {
    const object: V1Deployment = deploymentFixture({ ...fixture, revision: workload.revision });
    object.metadata = { ...object.metadata, ...restore };
    const stored = server.upsert("Deployment", object);
    server.upsert("Deployment", withRolloutStatus(stored, rollout, readyOption));
  }
  // Only the first write restores; later ones are ordinary updates of the stored object.
  workload.uid = null;
  workload.generation = null;
}

function restoredRollout(state: string | null): FixtureRollout {
  return state === "progressing" || state === "failed" ? state : "complete";
}

function parseRolloutSeconds(raw: string | undefined, log: Logger): [number, number] {
  const value = raw?.trim() || DEFAULT_ROLLOUT_SECONDS;
  const match = /^(\d+(?:\.\d+)?)(?:\s*-\s*(\d+(?:\.\d+)?))?$/.exec(value);
  const low = Number(match?.[1]);
  const high = match?.[2] === undefined ? low : Number(match[2]);
  if (match === null || !(low > 0) || !(high >= low)) {
    log.warn({ PLUMBLINE_DEMO_ROLLOUT_SECONDS: value }, `PLUMBLINE_DEMO_ROLLOUT_SECONDS must be seconds ("60") or a range ("40-90"); using ${DEFAULT_ROLLOUT_SECONDS}`);
    return [40, 90];
  }
  return [low, high];
}

function versionOf(image: string | undefined): [number, number, number] | null {
  const match = /:(\d+)\.(\d+)\.(\d+)$/.exec(image ?? "");
  return match === null ? null : [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** A stable starting version per service, so two services do not all start at 1.0.0. */
function initialVersion(slug: string): [number, number, number] {
  let hash = 7;
  for (const character of slug) hash = (hash * 31 + character.charCodeAt(0)) >>> 0;
  return [1, hash % 12, (hash >>> 8) % 20];
}

function nextVersion([major, minor, patch]: [number, number, number], random: () => number): [number, number, number] {
  return random() < 0.2 ? [major, minor + 1, 0] : [major, minor, patch + 1];
}
