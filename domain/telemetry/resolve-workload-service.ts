import { workloadKey } from "./read-workload-labels.ts";
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
}

export type TWorkloadResolver = (workload: WorkloadRef) => TServiceRef | null;

/**
 * Maps a mesh workload (namespace + name) to its catalog service. Workloads Kubernetes
 * discovery found decide first, in any cluster, live ones before deleted ones; when no
 * row names the workload, a service whose slug equals the workload name is taken, so a
 * Prometheus-only setup (no Kubernetes discovery) still gets a graph. Resolutions are
 * memoized: a round asks the same workloads many times.
 */
export function createWorkloadResolver(input: { services: readonly TServiceRef[]; workloads: readonly TKnownWorkload[] }): TWorkloadResolver {
  const servicesById = new Map(input.services.map((s) => [s.id, s]));
  const servicesBySlug = new Map(input.services.map((s) => [s.slug, s]));
  const byWorkload = new Map<string, { service: TServiceRef; isDeleted: boolean }>();
  for (const workload of input.workloads) {
    const service = workload.serviceId === null ? undefined : servicesById.get(workload.serviceId);
    if (!service) continue;
    const key = workloadKey(workload);
    const existing = byWorkload.get(key);
    // A live workload wins over a deleted one; between equals the first (the repository orders by recency).
    if (!existing || (existing.isDeleted && !workload.isDeleted)) byWorkload.set(key, { service, isDeleted: workload.isDeleted });
  }
  const memo = new Map<string, TServiceRef | null>();
  return (workload) => {
    const key = workloadKey(workload);
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    const resolved = byWorkload.get(key)?.service ?? servicesBySlug.get(workload.name) ?? null;
    memo.set(key, resolved);
    return resolved;
  };
}
