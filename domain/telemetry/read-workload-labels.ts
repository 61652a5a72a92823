import { endpointLabelNames, type EndpointLabels } from "./mesh-dialect-labels.ts";
import type { EndpointHints, MeshDialect, WorkloadRef } from "./telemetry-types.ts";

/**
 * The endpoint `spec` names in a series. Never fails: a series that lacks the workload
 * label gives an endpoint with an empty name, which the service resolution reports as
 * unmatched with the reason (coverage), instead of the series vanishing.
 */
export function readEndpoint(labels: Readonly<Record<string, string>>, spec: EndpointLabels, dialect: MeshDialect): WorkloadRef {
  const value = (name: string | undefined): string | undefined => {
    if (name === undefined) return undefined;
    const text = labels[name] ?? "";
    return text === "" ? undefined : text;
  };
  const workloadLabel = spec.workload.find((name) => value(name) !== undefined);
  const present: Record<string, string> = {};
  for (const name of endpointLabelNames(spec)) {
    const text = value(name);
    if (text !== undefined) present[name] = text;
  }
  const hints: EndpointHints = { dialect, workloadLabel: workloadLabel ?? spec.workload[0] ?? "workload", labels: present };
  const canonicalService = value(spec.canonicalService);
  if (canonicalService !== undefined) hints.canonicalService = canonicalService;
  const canonicalRevision = value(spec.canonicalRevision) ?? value(spec.version);
  if (canonicalRevision !== undefined) hints.canonicalRevision = canonicalRevision;
  const app = value(spec.app);
  if (app !== undefined) hints.app = app;
  const serviceName = value(spec.serviceName);
  if (serviceName !== undefined) hints.serviceName = serviceName;
  const identity = value(spec.identity);
  if (identity !== undefined) hints.identity = identity;
  return { namespace: value(spec.namespace) ?? "", name: workloadLabel === undefined ? "" : (value(workloadLabel) ?? ""), hints };
}

/** Stable map key for a workload; Kubernetes names cannot contain "/". */
export function workloadKey(workload: WorkloadRef): string {
  return `${workload.namespace}/${workload.name}`;
}

/** Key of an endpoint including everything its series said about it (two series naming one workload differently stay apart). */
export function endpointKey(endpoint: WorkloadRef): string {
  const hints = endpoint.hints;
  if (!hints) return workloadKey(endpoint);
  const labels = hints.labels;
  const extra = Object.keys(labels)
    .sort()
    .map((name) => `${name}=${labels[name] ?? ""}`)
    .join(",");
  // The dialect and side's workload label too: two series lacking every label differ by where they come from.
  return `${workloadKey(endpoint)}{${extra}}@${hints.dialect}:${hints.workloadLabel}`;
}

/** Orders workloads by namespace, then name, for deterministic output. */
export function compareWorkloads(a: WorkloadRef, b: WorkloadRef): number {
  if (a.namespace !== b.namespace) return compareText(a.namespace, b.namespace);
  if (a.name !== b.name) return compareText(a.name, b.name);
  return compareText(endpointKey(a), endpointKey(b));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
