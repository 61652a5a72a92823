import type { V1Service } from "@kubernetes/client-node";

/**
 * A Kubernetes Service (the network object, not a catalog service): which pods it selects
 * and on which ports. The mesh adapters need it to tell which workload answers a
 * service address; the catalog mapping does not.
 */
export interface KubernetesServiceObservation {
  cluster: string;
  namespace: string;
  name: string;
  uid: string;
  resourceVersion: string;
  type: string;
  /** Pod labels it routes to; empty for a Service without a selector (external endpoints). */
  selector: Record<string, string>;
  ports: { name: string | null; port: number; protocol: string }[];
}

export function toKubernetesServiceObservation(cluster: string, service: V1Service): KubernetesServiceObservation {
  return {
    cluster,
    namespace: service.metadata?.namespace ?? "",
    name: service.metadata?.name ?? "",
    uid: service.metadata?.uid ?? "",
    resourceVersion: service.metadata?.resourceVersion ?? "",
    type: service.spec?.type ?? "ClusterIP",
    selector: { ...service.spec?.selector },
    ports: (service.spec?.ports ?? []).map((port) => ({ name: port.name ?? null, port: port.port, protocol: port.protocol ?? "TCP" })),
  };
}
