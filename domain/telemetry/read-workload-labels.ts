import type { WorkloadLabels } from "./mesh-dialect-labels.ts";
import { describeLabels } from "./parse-prometheus-vector.ts";
import type { WorkloadRef } from "./telemetry-types.ts";

/** The workload named by `which` labels of a series, or a problem message when a label is missing or empty. */
export function readWorkloadLabels(labels: Readonly<Record<string, string>>, which: WorkloadLabels): WorkloadRef | string {
  const missing = [which.namespace, which.name].filter((name) => (labels[name] ?? "") === "");
  if (missing.length > 0) {
    return `series ${describeLabels(labels)} lacks label${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(" and ")}`;
  }
  return { namespace: labels[which.namespace] ?? "", name: labels[which.name] ?? "" };
}

/** Stable map key for a workload; Kubernetes names cannot contain "/". */
export function workloadKey(workload: WorkloadRef): string {
  return `${workload.namespace}/${workload.name}`;
}

/** Orders workloads by namespace, then name, for deterministic output. */
export function compareWorkloads(a: WorkloadRef, b: WorkloadRef): number {
  return a.namespace === b.namespace ? compareText(a.name, b.name) : compareText(a.namespace, b.namespace);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
