import { endpointKey, workloadKey } from "./read-workload-labels.ts";
import type { WorkloadRef } from "./telemetry-types.ts";

export interface TServiceRef {
  id: string;
  slug: string;
}

export interface TKnownWorkload {
  namespace: string;
  name: string;
  serviceId: string | null;
  /** Deleted workloads still map: their last metrics linger in Prometheus for a while. */
  isDeleted: boolean;
  /** The account its pods run as (Linkerd identities name it); null when discovery has not recorded one. */
  serviceAccountName?: string | null;
}

/** A person's claim (coverage page): the workload `name` in `namespace`, as telemetry names it, is `serviceId`. */
export interface TTelemetryClaimRef {
  namespace: string;
  name: string;
  serviceId: string;
}

/**
 * Which rule attributed an endpoint, in the order they are tried:
 *
 * - `claimed`: a person claimed the endpoint for a service on the coverage page (an
 *   explicit answer wins over every guess);
 * - `discovered-workload`: Kubernetes discovery mapped the workload (namespace + name) to a
 *   service (annotations, `app.kubernetes.io/name`, …), so `reviews-v2` and `reviews-v3`
 *   both feed `reviews`;
 * - `canonical-service`: Istio's `*_canonical_service`;
 * - `app-label`: Istio's `*_app`;
 * - `service-name`: Istio's `destination_service_name` (the Kubernetes Service);
 * - `workload-name`: the workload name itself (Linkerd's `deployment`/`statefulset`/
 *   `daemonset`, Istio's `*_workload`), for setups without Kubernetes discovery;
 * - `service-account`: Linkerd's TLS identity (`server_id`/`client_id`,
 *   `<sa>.<ns>.serviceaccount.identity.linkerd.<domain>`), through the service accounts
 *   of the workloads discovery mapped (an account whose workloads feed two services names
 *   neither), else the account's name.
 *
 * Every name but the discovered workload is looked up as a service slug *in the
 * endpoint's namespace*: a service with discovered workloads matches only in their
 * namespaces (so `reviews` in `staging` does not feed the `reviews` of `bookinfo`); a
 * service without any (a Prometheus-only setup) matches in any namespace.
 */
export type TResolutionRule = "claimed" | "discovered-workload" | "canonical-service" | "app-label" | "service-name" | "workload-name" | "service-account";

export const RESOLUTION_RULES: readonly TResolutionRule[] = [
  "claimed",
  "discovered-workload",
  "canonical-service",
  "app-label",
  "service-name",
  "workload-name",
  "service-account",
];

export type TEndpointResolution =
  | { service: TServiceRef; rule: TResolutionRule; /** The name that matched. */ matchedName: string }
  | { service: null; /** Why nothing matched, in words a person can act on. */ reason: string };

export type TWorkloadResolver = (workload: WorkloadRef) => TEndpointResolution;

const RULE_WORDS: Record<Exclude<TResolutionRule, "discovered-workload" | "claimed">, string> = {
  "canonical-service": "canonical name",
  "app-label": "app",
  "service-name": "Kubernetes Service",
  "workload-name": "workload",
  "service-account": "service account",
};

const LINKERD_IDENTITY = /^([^.]+)\.([^.]+)\.serviceaccount\.identity\./;

/** The service account and namespace of a Linkerd identity, or null when it is not one. */
export function parseLinkerdIdentity(identity: string): { namespace: string; name: string } | null {
  const match = LINKERD_IDENTITY.exec(identity);
  return match?.[1] !== undefined && match[2] !== undefined ? { name: match[1], namespace: match[2] } : null;
}

/**
 * Resolves mesh endpoints to catalog services by the rules above, recording which rule
 * matched, or why none did. Resolutions are memoized per endpoint: a round asks the same
 * endpoints many times.
 */
export function createWorkloadResolver(input: {
  services: readonly TServiceRef[];
  workloads: readonly TKnownWorkload[];
  claims?: readonly TTelemetryClaimRef[];
}): TWorkloadResolver {
  const servicesById = new Map(input.services.map((s) => [s.id, s]));
  const servicesBySlug = new Map(input.services.map((s) => [s.slug, s]));
  const byWorkload = new Map<string, { service: TServiceRef; isDeleted: boolean }>();
  const namespacesOf = new Map<string, Set<string>>();
  for (const workload of input.workloads) {
    const service = workload.serviceId === null ? undefined : servicesById.get(workload.serviceId);
    if (!service) continue;
    if (!workload.isDeleted) {
      const namespaces = namespacesOf.get(service.id) ?? new Set<string>();
      namespaces.add(workload.namespace);
      namespacesOf.set(service.id, namespaces);
    }
    const key = workloadKey(workload);
    const existing = byWorkload.get(key);
    // A live workload wins over a deleted one; between equals the first (the repository orders by recency).
    if (!existing || (existing.isDeleted && !workload.isDeleted)) byWorkload.set(key, { service, isDeleted: workload.isDeleted });
  }
  const byServiceAccount = serviceAccountsOf(input.workloads, servicesById);
  const byClaim = new Map<string, TServiceRef>();
  for (const claim of input.claims ?? []) {
    const service = servicesById.get(claim.serviceId);
    if (service) byClaim.set(workloadKey(claim), service);
  }

  /** The service a name denotes in a namespace, or where a service of that name runs instead. */
  const named = (name: string, namespace: string): { service: TServiceRef } | { elsewhere: string[] } | null => {
    const workload = byWorkload.get(workloadKey({ namespace, name }));
    if (workload) return { service: workload.service };
    const service = servicesBySlug.get(name);
    if (!service) return null;
    const namespaces = namespacesOf.get(service.id);
    if (!namespaces || namespaces.has(namespace) || namespace === "") return { service };
    return { elsewhere: [...namespaces].sort() };
  };

  const resolveNow = (endpoint: WorkloadRef): TEndpointResolution => {
    const { namespace, name } = endpoint;
    const hints = endpoint.hints;
    if (hints?.dialect === "istio" && name === "unknown") {
      return { service: null, reason: "destination outside the mesh (`destination_workload=\"unknown\"`: egress, or a workload without a sidecar); Istio names no callee" };
    }
    if (name !== "") {
      const claimed = byClaim.get(workloadKey(endpoint));
      if (claimed) return { service: claimed, rule: "claimed", matchedName: name };
      const discovered = byWorkload.get(workloadKey(endpoint));
      if (discovered) return { service: discovered.service, rule: "discovered-workload", matchedName: name };
    }
    const candidates: { rule: Exclude<TResolutionRule, "discovered-workload" | "claimed">; name: string; namespace: string }[] = [];
    if (hints?.canonicalService !== undefined) candidates.push({ rule: "canonical-service", name: hints.canonicalService, namespace });
    if (hints?.app !== undefined) candidates.push({ rule: "app-label", name: hints.app, namespace });
    if (hints?.serviceName !== undefined) candidates.push({ rule: "service-name", name: hints.serviceName, namespace });
    if (name !== "") candidates.push({ rule: "workload-name", name, namespace });
    const identity = hints?.identity === undefined ? null : parseLinkerdIdentity(hints.identity);
    let ambiguousAccount: { namespace: string; name: string; slugs: string[] } | null = null;
    if (identity) {
      const account = byServiceAccount.get(workloadKey(identity));
      if (account && account.length === 1 && account[0]) return { service: account[0], rule: "service-account", matchedName: hints?.identity ?? identity.name };
      if (account && account.length > 1) ambiguousAccount = { ...identity, slugs: account.map((s) => s.slug).sort() };
      candidates.push({ rule: "service-account", name: identity.name, namespace: identity.namespace });
    }

    const tried: string[] = [];
    let elsewhere: { name: string; namespaces: string[] } | null = null;
    for (const candidate of candidates) {
      const found = named(candidate.name, candidate.namespace);
      if (found && "service" in found) return { service: found.service, rule: candidate.rule, matchedName: candidate.name };
      if (found && elsewhere === null) elsewhere = { name: candidate.name, namespaces: found.elsewhere };
      const words = `${RULE_WORDS[candidate.rule]} \`${candidate.name}\``;
      if (!tried.includes(words)) tried.push(words);
    }
    let reason = unmatchedReason(endpoint, tried, elsewhere);
    if (ambiguousAccount) {
      const { name, namespace: accountNamespace, slugs } = ambiguousAccount;
      reason += `; service account \`${name}\` in namespace \`${accountNamespace}\` runs workloads of ${slugs.map((s) => `\`${s}\``).join(", ")}, so it names none (give each workload its own serviceAccountName)`;
    }
    return { service: null, reason };
  };

  const memo = new Map<string, TEndpointResolution>();
  // A round resolves the same endpoint objects more than once (a counts series per window,
  // the edge samples again for coverage): by identity first, which spares building the
  // endpoint's key (its labels sorted and joined) each time.
  const byObject = new WeakMap<WorkloadRef, TEndpointResolution>();
  return (endpoint) => {
    const known = byObject.get(endpoint);
    if (known !== undefined) return known;
    const key = endpointKey(endpoint);
    let resolved = memo.get(key);
    if (resolved === undefined) {
      resolved = resolveNow(endpoint);
      memo.set(key, resolved);
    }
    byObject.set(endpoint, resolved);
    return resolved;
  };
}

/**
 * Services per service account (namespace/name) of the workloads discovery mapped. Live
 * workloads count; deleted ones only for accounts no live workload uses (their last
 * metrics linger). Accounts shared by workloads of several services (often "default")
 * map to all of them, which the resolver treats as no match.
 */
function serviceAccountsOf(workloads: readonly TKnownWorkload[], servicesById: ReadonlyMap<string, TServiceRef>): Map<string, TServiceRef[]> {
  const live = new Map<string, TServiceRef[]>();
  const deleted = new Map<string, TServiceRef[]>();
  for (const workload of workloads) {
    const service = workload.serviceId === null ? undefined : servicesById.get(workload.serviceId);
    if (!service || workload.serviceAccountName === undefined || workload.serviceAccountName === null) continue;
    const target = workload.isDeleted ? deleted : live;
    const key = workloadKey({ namespace: workload.namespace, name: workload.serviceAccountName });
    const services = target.get(key) ?? [];
    if (!services.some((s) => s.id === service.id)) services.push(service);
    target.set(key, services);
  }
  for (const [key, services] of deleted) if (!live.has(key)) live.set(key, services);
  return live;
}

function unmatchedReason(endpoint: WorkloadRef, tried: readonly string[], elsewhere: { name: string; namespaces: string[] } | null): string {
  const hints = endpoint.hints;
  if (tried.length === 0) {
    const label = hints?.workloadLabel ?? "workload";
    if (hints?.dialect === "linkerd" && !label.startsWith("dst_")) {
      return `series lack \`${label}\`: Linkerd's Prometheus relabelling is missing (see integrations/prometheus/README.md, "Linkerd")`;
    }
    if (hints?.dialect === "linkerd") {
      return `series lack \`${label}\` and \`server_id\`: the destination is outside the mesh or not a Deployment, StatefulSet or DaemonSet`;
    }
    return `series lack \`${label}\``;
  }
  const [first, ...rest] = tried;
  const where = endpoint.namespace === "" ? "(no namespace label)" : `in namespace \`${endpoint.namespace}\``;
  let reason = `no service for ${first} ${where}`;
  if (rest.length > 0) reason += `; also tried ${rest.join(", ")}`;
  if (elsewhere) reason += `; service \`${elsewhere.name}\` runs in namespace ${elsewhere.namespaces.map((n) => `\`${n}\``).join(", ")} only`;
  return reason;
}
