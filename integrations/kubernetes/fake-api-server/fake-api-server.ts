import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { matchesLabelSelector, parseLabelSelector, type LabelSelector } from "./label-selector.ts";
import { FAKE_RESOURCE_TYPES, type FakeObjectOf, type FakeResourceKind, type FakeResourceType } from "./resource-types.ts";

/**
 * An in-process Kubernetes API server that is faithful where client-node's informers
 * care: LIST with a resourceVersion, WATCH as newline-delimited JSON from a
 * resourceVersion, bookmarks, 410 Gone for a version older than the retained history,
 * and headers flushed at once. It stores objects and nothing more: no controllers run,
 * so statuses are whatever the caller upserts (see workload-fixtures.ts).
 */
export interface FakeApiServer {
  readonly port: number;
  /** `http://127.0.0.1:PORT`, the `server` of a kubeconfig cluster entry. */
  readonly url: string;
  /** Creates or replaces an object (uid, creation time kept; generation bumped when the spec changes; uid and generation given on create are kept). */
  upsert<K extends FakeResourceKind>(kind: K, object: FakeObjectOf[K]): FakeObjectOf[K];
  /** Deletes an object; deleting a Namespace first deletes everything in it, as namespace finalization does. */
  remove(kind: FakeResourceKind, namespace: string | null, name: string): boolean;
  get<K extends FakeResourceKind>(kind: K, namespace: string | null, name: string): FakeObjectOf[K] | undefined;
  /** The global resourceVersion: every write to any kind increments it, as etcd's revision does. */
  resourceVersion(): string;
  /** Destroys open watch sockets mid-stream (a network cut, an API server crash); only those of `kind` if given. */
  dropAllWatches(kind?: FakeResourceKind): number;
  /** Ends every open watch cleanly (what an API server does when a watch's timeout passes). */
  endAllWatches(): number;
  /** Forgets the event history: a watch from any older resourceVersion now gets 410 Expired. */
  compactHistory(): void;
  /** While unavailable every request gets 503 and open watches are dropped. */
  setUnavailable(unavailable: boolean): void;
  /**
   * "expire": every watch from a resourceVersion gets 410 (an API server whose watch
   * cache keeps falling behind); "end-immediately": every watch ends as soon as it opens
   * (a proxy with a tiny idle timeout). Both make a naive informer spin.
   */
  setWatchMode(mode: FakeWatchMode): void;
  openWatchCount(): number;
  /** Watches open right now, per kind: one watcher per cluster means 1 for each kind it watches. */
  openWatchCountByKind(): Record<FakeResourceKind, number>;
  /** The most watches of one kind open at the same time since the start (or the last reset): 1 = never two watchers at once. */
  peakWatchCountByKind(): Record<FakeResourceKind, number>;
  resetPeakWatchCounts(): void;
  /** The last requests (method, path, query), newest last: lets tests see that a relist happened. */
  requestLog(): readonly FakeRequestRecord[];
  /** Every request ever answered, including those the bounded log has forgotten. */
  requestCount(): number;
  /** Bookmarks sent so far, over all watches. */
  bookmarkCount(): number;
  close(): Promise<void>;
}

export interface FakeApiServerOptions {
  /** Events kept for watches that resume from a resourceVersion; older resumes get 410. */
  historyLimit?: number;
  /** How often watches that asked for bookmarks get one (a real server: about a minute). */
  bookmarkIntervalMs?: number;
  port?: number;
}

export type FakeWatchMode = "normal" | "expire" | "end-immediately";

export interface FakeRequestRecord {
  method: string;
  path: string;
  watch: boolean;
  resourceVersion: string | null;
  /** The raw query string, e.g. `?watch=true&resourceVersion=12&allowWatchBookmarks=true`. */
  query: string;
  status: number;
}

type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";

interface StoredMetadata {
  name: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  creationTimestamp: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [field: string]: unknown;
}

interface StoredObject {
  apiVersion: string;
  kind: string;
  metadata: StoredMetadata;
  spec?: unknown;
  [field: string]: unknown;
}

interface HistoryEvent {
  resourceVersion: number;
  kind: FakeResourceKind;
  type: WatchEventType;
  object: StoredObject;
}

interface OpenWatch {
  type: FakeResourceType;
  namespace: string | null;
  selector: LabelSelector;
  res: ServerResponse;
  timers: NodeJS.Timeout[];
}

interface Route {
  type: FakeResourceType;
  namespace: string | null;
  name: string | null;
}

const REQUEST_LOG_LIMIT = 1000;

export async function startFakeApiServer(options: FakeApiServerOptions = {}): Promise<FakeApiServer> {
  const historyLimit = options.historyLimit ?? 1000;
  const bookmarkIntervalMs = options.bookmarkIntervalMs ?? 1000;

  const store = new Map<FakeResourceKind, Map<string, StoredObject>>();
  for (const kind of Object.keys(FAKE_RESOURCE_TYPES) as FakeResourceKind[]) store.set(kind, new Map());
  let currentResourceVersion = 0;
  let history: HistoryEvent[] = [];
  // Every event with a resourceVersion above this one is still in `history`.
  let historyStart = 0;
  let unavailable = false;
  let watchMode: FakeWatchMode = "normal";
  const watches = new Set<OpenWatch>();
  const requests: FakeRequestRecord[] = [];
  let requestTotal = 0;
  let bookmarksSent = 0;
  const zeroByKind = (): Record<FakeResourceKind, number> => Object.fromEntries(Object.keys(FAKE_RESOURCE_TYPES).map((kind) => [kind, 0])) as Record<FakeResourceKind, number>;
  let peakByKind = zeroByKind();
  const openByKind = (): Record<FakeResourceKind, number> => {
    const counts = zeroByKind();
    for (const watch of watches) counts[watch.type.kind] += 1;
    return counts;
  };

  const objectsOf = (kind: FakeResourceKind): Map<string, StoredObject> => {
    const objects = store.get(kind);
    if (objects === undefined) throw new Error(`unknown kind ${kind}`);
    return objects;
  };

  const server = createServer((req, res) => {
    handle(req, res);
  });

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? "/", "http://fake-api-server");
    const isWatch = url.searchParams.get("watch") === "true" || url.searchParams.get("watch") === "1";
    const record = (status: number): void => {
      requestTotal += 1;
      requests.push({ method: req.method ?? "GET", path: url.pathname, watch: isWatch, resourceVersion: url.searchParams.get("resourceVersion"), query: url.search, status });
      if (requests.length > REQUEST_LOG_LIMIT) requests.shift();
    };

    if (unavailable) {
      record(503);
      sendStatus(res, 503, "ServiceUnavailable", "the fake API server is set unavailable");
      return;
    }
    if (req.method !== "GET") {
      record(405);
      sendStatus(res, 405, "MethodNotAllowed", `${req.method ?? "?"} is not supported by the fake API server; change objects through its methods`);
      return;
    }
    const route = matchRoute(url.pathname);
    if (route === null) {
      record(404);
      sendStatus(res, 404, "NotFound", `the server could not find the requested resource ${url.pathname}`);
      return;
    }
    if (url.searchParams.has("fieldSelector")) {
      record(400);
      sendStatus(res, 400, "BadRequest", "fieldSelector is not supported by the fake API server");
      return;
    }
    let selector: LabelSelector;
    try {
      selector = parseLabelSelector(url.searchParams.get("labelSelector") ?? "");
    } catch (error) {
      record(400);
      sendStatus(res, 400, "BadRequest", error instanceof Error ? error.message : String(error));
      return;
    }

    if (route.name !== null) {
      const object = objectsOf(route.type.kind).get(objectKey(route.type, route.namespace, route.name));
      if (object === undefined) {
        record(404);
        sendStatus(res, 404, "NotFound", `${route.type.plural} "${route.name}" not found`);
        return;
      }
      record(200);
      sendJson(res, 200, object);
      return;
    }

    if (!isWatch) {
      record(200);
      sendJson(res, 200, {
        kind: route.type.listKind,
        apiVersion: route.type.apiVersion,
        metadata: { resourceVersion: String(currentResourceVersion) },
        items: matching(route.type, route.namespace, selector).map(withoutTypeMeta),
      });
      return;
    }

    const resourceVersionParam = url.searchParams.get("resourceVersion") ?? "";
    const fromVersion = resourceVersionParam === "" ? 0 : Number(resourceVersionParam);
    if (!Number.isInteger(fromVersion) || fromVersion < 0) {
      record(400);
      sendStatus(res, 400, "BadRequest", `invalid resourceVersion ${JSON.stringify(resourceVersionParam)}`);
      return;
    }
    record(200);
    startWatch(res, route, selector, fromVersion, url.searchParams.get("allowWatchBookmarks") === "true", Number(url.searchParams.get("timeoutSeconds") ?? "0"));
  }

  function startWatch(
    res: ServerResponse,
    route: Route,
    selector: LabelSelector,
    fromVersion: number,
    bookmarks: boolean,
    timeoutSeconds: number,
  ): void {
    res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-cache, private" });
    // client-node awaits the response headers before informer.start() resolves; without
    // an explicit flush they wait for the first event, which may never come.
    res.flushHeaders();

    if (watchMode === "end-immediately") {
      res.end();
      return;
    }
    if (fromVersion > 0 && (fromVersion < historyStart || watchMode === "expire")) {
      writeLine(res, {
        type: "ERROR",
        object: {
          kind: "Status",
          apiVersion: "v1",
          metadata: {},
          status: "Failure",
          message: `too old resource version: ${fromVersion} (${historyStart})`,
          reason: "Expired",
          code: 410,
        },
      });
      res.end();
      return;
    }

    const watch: OpenWatch = { type: route.type, namespace: route.namespace, selector, res, timers: [] };
    watches.add(watch);
    const open = openByKind()[route.type.kind];
    if (open > peakByKind[route.type.kind]) peakByKind[route.type.kind] = open;
    res.on("close", () => {
      watches.delete(watch);
      for (const timer of watch.timers) clearTimeout(timer);
    });

    if (fromVersion === 0) {
      // No resourceVersion (or "0"): the current state as synthetic ADDED events, then live.
      for (const object of matching(route.type, route.namespace, selector)) writeLine(res, { type: "ADDED", object });
    } else {
      for (const event of history) {
        if (event.resourceVersion > fromVersion && watchWants(watch, event.kind, event.object)) {
          writeLine(res, { type: event.type, object: event.object });
        }
      }
    }
    if (bookmarks) {
      watch.timers.push(
        setInterval(() => {
          bookmarksSent += 1;
          writeLine(res, {
            type: "BOOKMARK",
            object: { kind: route.type.kind, apiVersion: route.type.apiVersion, metadata: { resourceVersion: String(currentResourceVersion) } },
          });
        }, bookmarkIntervalMs),
      );
    }
    if (timeoutSeconds > 0) watch.timers.push(setTimeout(() => res.end(), timeoutSeconds * 1000));
  }

  function matching(type: FakeResourceType, namespace: string | null, selector: LabelSelector): StoredObject[] {
    return [...objectsOf(type.kind).values()]
      .filter((object) => namespace === null || object.metadata.namespace === namespace)
      .filter((object) => matchesLabelSelector(selector, object.metadata.labels))
      .sort((a, b) => objectKey(type, a.metadata.namespace ?? null, a.metadata.name).localeCompare(objectKey(type, b.metadata.namespace ?? null, b.metadata.name)));
  }

  function watchWants(watch: OpenWatch, kind: FakeResourceKind, object: StoredObject): boolean {
    return (
      watch.type.kind === kind &&
      (watch.namespace === null || object.metadata.namespace === watch.namespace) &&
      matchesLabelSelector(watch.selector, object.metadata.labels)
    );
  }

  function record(kind: FakeResourceKind, type: WatchEventType, object: StoredObject): void {
    const event: HistoryEvent = { resourceVersion: Number(object.metadata.resourceVersion), kind, type, object };
    history.push(event);
    while (history.length > historyLimit) {
      const dropped = history.shift();
      if (dropped !== undefined) historyStart = dropped.resourceVersion;
    }
    for (const watch of watches) {
      if (watchWants(watch, kind, object)) writeLine(watch.res, { type, object });
    }
  }

  function upsert<K extends FakeResourceKind>(kind: K, input: FakeObjectOf[K]): FakeObjectOf[K] {
    const type = FAKE_RESOURCE_TYPES[kind];
    const object = jsonClone(input) as Partial<StoredObject>;
    const name = object.metadata?.name;
    if (name === undefined || name === "") throw new Error(`${kind} needs metadata.name`);
    const namespace = type.namespaced ? (object.metadata?.namespace ?? "default") : undefined;
    if (namespace !== undefined && !objectsOf("Namespace").has(namespace)) {
      // A real API server refuses this too; letting it through would hide a missing namespace join.
      throw new Error(`namespace "${namespace}" does not exist; upsert the Namespace first`);
    }
    const objects = objectsOf(kind);
    const key = objectKey(type, namespace ?? null, name);
    const existing = objects.get(key);
    currentResourceVersion += 1;
    const metadata: StoredMetadata = {
      ...object.metadata,
      name,
      ...(namespace === undefined ? {} : { namespace }),
      uid: existing?.metadata.uid ?? (typeof object.metadata?.uid === "string" ? object.metadata.uid : randomUUID()),
      resourceVersion: String(currentResourceVersion),
      creationTimestamp: existing?.metadata.creationTimestamp ?? new Date().toISOString(),
    };
    if (type.hasGeneration) {
      const previousGeneration = existing?.metadata.generation ?? 0;
      const specChanged = existing === undefined || JSON.stringify(existing.spec) !== JSON.stringify(object.spec);
      // A generation given on create is kept, like a given uid: the demo cluster restores
      // workloads as they were, so change-event keys (built from it) do not repeat.
      const restored = existing === undefined && typeof object.metadata?.generation === "number" && object.metadata.generation > 0 ? object.metadata.generation : null;
      metadata.generation = restored ?? (specChanged ? previousGeneration + 1 : previousGeneration);
    }
    const stored: StoredObject = { ...object, apiVersion: type.apiVersion, kind: type.kind, metadata };
    objects.set(key, stored);
    record(kind, existing === undefined ? "ADDED" : "MODIFIED", stored);
    return jsonClone(stored);
  }

  function remove(kind: FakeResourceKind, namespace: string | null, name: string): boolean {
    const type = FAKE_RESOURCE_TYPES[kind];
    const objects = objectsOf(kind);
    const key = objectKey(type, namespace, name);
    const existing = objects.get(key);
    if (existing === undefined) return false;
    if (kind === "Namespace") {
      for (const other of Object.values(FAKE_RESOURCE_TYPES)) {
        if (!other.namespaced) continue;
        for (const object of [...objectsOf(other.kind).values()]) {
          if (object.metadata.namespace === name) remove(other.kind, name, object.metadata.name);
        }
      }
    }
    objects.delete(key);
    currentResourceVersion += 1;
    // A DELETED event carries the object's last state at the deletion's resourceVersion.
    record(kind, "DELETED", { ...existing, metadata: { ...existing.metadata, resourceVersion: String(currentResourceVersion) } });
    return true;
  }

  function forEachWatch(action: (watch: OpenWatch) => void, kind?: FakeResourceKind): number {
    const open = [...watches].filter((watch) => kind === undefined || watch.type.kind === kind);
    for (const watch of open) {
      watches.delete(watch);
      for (const timer of watch.timers) clearTimeout(timer);
      action(watch);
    }
    return open.length;
  }

  const dropAllWatches = (kind?: FakeResourceKind): number => forEachWatch((watch) => watch.res.destroy(), kind);

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    upsert,
    remove,
    get<K extends FakeResourceKind>(kind: K, namespace: string | null, name: string): FakeObjectOf[K] | undefined {
      const object = objectsOf(kind).get(objectKey(FAKE_RESOURCE_TYPES[kind], namespace, name));
      return object === undefined ? undefined : jsonClone(object);
    },
    resourceVersion: () => String(currentResourceVersion),
    dropAllWatches,
    endAllWatches: () => forEachWatch((watch) => watch.res.end()),
    compactHistory() {
      history = [];
      historyStart = currentResourceVersion;
    },
    setUnavailable(value: boolean) {
      unavailable = value;
      if (value) dropAllWatches();
    },
    setWatchMode(mode: FakeWatchMode) {
      watchMode = mode;
    },
    openWatchCount: () => watches.size,
    openWatchCountByKind: openByKind,
    peakWatchCountByKind: () => ({ ...peakByKind }),
    resetPeakWatchCounts() {
      peakByKind = openByKind();
    },
    requestLog: () => [...requests],
    requestCount: () => requestTotal,
    bookmarkCount: () => bookmarksSent,
    async close() {
      dropAllWatches();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Kept-alive LIST connections would hold close() open until they time out.
        server.closeAllConnections();
      });
    },
  };
}

function matchRoute(pathname: string): Route | null {
  const segments = pathname.split("/").filter((segment) => segment !== "").map(decodeURIComponent);
  let groupPath: string;
  let rest: string[];
  if (segments[0] === "api" && segments[1] === "v1") {
    groupPath = "/api/v1";
    rest = segments.slice(2);
  } else if (segments[0] === "apis" && segments[1] === "apps" && segments[2] === "v1") {
    groupPath = "/apis/apps/v1";
    rest = segments.slice(3);
  } else {
    return null;
  }
  const typeOf = (plural: string | undefined): FakeResourceType | undefined =>
    Object.values(FAKE_RESOURCE_TYPES).find((type) => type.groupPath === groupPath && type.plural === plural);

  // /namespaces/{ns}/{plural}[/{name}] for namespaced kinds.
  if (rest[0] === "namespaces" && rest.length >= 3) {
    const type = typeOf(rest[2]);
    const namespace = rest[1];
    if (type === undefined || !type.namespaced || namespace === undefined || rest.length > 4) return null;
    return { type, namespace, name: rest[3] ?? null };
  }
  // /{plural}[/{name}]: every kind listed across namespaces, names only for cluster-scoped kinds.
  const type = typeOf(rest[0]);
  if (type === undefined || rest.length > 2) return null;
  if (rest.length === 2 && type.namespaced) return null;
  return { type, namespace: null, name: rest[1] ?? null };
}

function objectKey(type: FakeResourceType, namespace: string | null, name: string): string {
  return type.namespaced ? `${namespace ?? ""}/${name}` : name;
}

/** Items of a real LIST response carry no kind/apiVersion; only watch events do. */
function withoutTypeMeta(object: StoredObject): Omit<StoredObject, "kind" | "apiVersion"> {
  const { kind: _kind, apiVersion: _apiVersion, ...rest } = object;
  return rest;
}

function writeLine(res: ServerResponse, event: unknown): void {
  if (res.destroyed || res.writableEnded) return;
  res.write(`${JSON.stringify(event)}\n`);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

function sendStatus(res: ServerResponse, code: number, reason: string, message: string): void {
  sendJson(res, code, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code });
}

function jsonClone<T>(value: unknown): T {
  // A JSON round trip is what the wire does: Dates become strings, classes plain objects.
  return JSON.parse(JSON.stringify(value)) as T;
}
