import type { V1Deployment, V1Namespace, V1ReplicaSet, V1Service, V1StatefulSet } from "@kubernetes/client-node";

/** The resources the fake API server stores: exactly what discovery watches. */
export type FakeResourceKind = "Namespace" | "Deployment" | "StatefulSet" | "ReplicaSet" | "Service";

/** client-node's type for each kind, so fixtures are checked against the real API shapes. */
export interface FakeObjectOf {
  Namespace: V1Namespace;
  Deployment: V1Deployment;
  StatefulSet: V1StatefulSet;
  ReplicaSet: V1ReplicaSet;
  Service: V1Service;
}

export interface FakeResourceType {
  kind: FakeResourceKind;
  listKind: string;
  apiVersion: string;
  /** URL prefix of the API group: `/api/v1` for the core group, `/apis/apps/v1` for apps. */
  groupPath: string;
  plural: string;
  namespaced: boolean;
  /** Whether the API server tracks `metadata.generation` (only kinds with a spec the controllers act on). */
  hasGeneration: boolean;
}

export const FAKE_RESOURCE_TYPES: Record<FakeResourceKind, FakeResourceType> = {
  Namespace: { kind: "Namespace", listKind: "NamespaceList", apiVersion: "v1", groupPath: "/api/v1", plural: "namespaces", namespaced: false, hasGeneration: false },
  Service: { kind: "Service", listKind: "ServiceList", apiVersion: "v1", groupPath: "/api/v1", plural: "services", namespaced: true, hasGeneration: false },
  Deployment: { kind: "Deployment", listKind: "DeploymentList", apiVersion: "apps/v1", groupPath: "/apis/apps/v1", plural: "deployments", namespaced: true, hasGeneration: true },
  StatefulSet: { kind: "StatefulSet", listKind: "StatefulSetList", apiVersion: "apps/v1", groupPath: "/apis/apps/v1", plural: "statefulsets", namespaced: true, hasGeneration: true },
  ReplicaSet: { kind: "ReplicaSet", listKind: "ReplicaSetList", apiVersion: "apps/v1", groupPath: "/apis/apps/v1", plural: "replicasets", namespaced: true, hasGeneration: true },
};
