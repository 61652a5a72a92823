// The Kustomize overlays, rendered as `kubectl apply -k` would, validated against the
// Kubernetes API schemas (kubernetes-models, which ships the upstream OpenAPI schemas and
// validates with them), and checked for what README "Run in Kubernetes" promises.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as apps from "kubernetes-models/apps/v1";
import * as batch from "kubernetes-models/batch/v1";
import * as networking from "kubernetes-models/networking.k8s.io/v1";
import * as policy from "kubernetes-models/policy/v1";
import * as rbac from "kubernetes-models/rbac.authorization.k8s.io/v1";
import * as core from "kubernetes-models/v1";
import { describe, expect, it } from "vitest";
import { CONFIG_VARIABLES } from "@/server/config/config-variables.ts";
import { KUBERNETES_BASE_DIR, KUBERNETES_WORKLOADS, NOT_WIRED, renderEnvPatch, variablesOutsideTheCluster, wiredVariables } from "@/scripts/kubernetes-env.ts";
import { OVERLAYS, renderKustomization, renderOverlay, type TManifest } from "./render-overlay.ts";

interface TValidatable {
  validate(): void;
}
type TModelClass = new (data: unknown) => TValidatable;

/** The API groups the manifests use; an object of any other group fails the test (add its module here). */
const MODELS_BY_API_VERSION: Record<string, Record<string, unknown>> = {
  v1: core,
  "apps/v1": apps,
  "batch/v1": batch,
  "policy/v1": policy,
  "networking.k8s.io/v1": networking,
  "rbac.authorization.k8s.io/v1": rbac,
};

function modelFor(manifest: TManifest): TModelClass {
  const model = MODELS_BY_API_VERSION[manifest.apiVersion]?.[manifest.kind];
  if (typeof model !== "function") throw new Error(`no schema model for ${manifest.apiVersion} ${manifest.kind}`);
  return model as TModelClass;
}

function schemaErrors(manifest: TManifest): string | null {
  const Model = modelFor(manifest);
  try {
    new Model(manifest).validate();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

type TContainer = {
  name: string;
  command?: string[];
  env?: { name: string; value?: string; valueFrom?: Record<string, { name: string; key: string; optional?: boolean }> }[];
  readinessProbe?: { httpGet?: { path: string } };
  livenessProbe?: { httpGet?: { path: string } };
  resources?: { requests?: Record<string, string> };
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean; capabilities?: { drop?: string[] } };
  volumeMounts?: { mountPath: string }[];
};
type TPodSpec = { containers: TContainer[]; serviceAccountName?: string; securityContext?: { runAsNonRoot?: boolean; seccompProfile?: { type: string } } };

function podSpec(manifest: TManifest): TPodSpec {
  return (manifest as unknown as { spec: { template: { spec: TPodSpec } } }).spec.template.spec;
}

function find(manifests: TManifest[], kind: string, name: string): TManifest {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name} in the rendered manifests`);
  return found;
}

describe.each(OVERLAYS)("overlay %s", (overlay) => {
  const manifests = renderOverlay(overlay);

  it("every object is valid against the Kubernetes schema of its kind", () => {
    expect(manifests.length).toBeGreaterThan(8);
    const errors = manifests.map((m) => [`${m.kind}/${m.metadata.name}`, schemaErrors(m)] as const).filter(([, error]) => error !== null);
    expect(errors).toEqual([]);
  });

  it("puts every object in the plumbline namespace (cluster-scoped ones aside)", () => {
    const clusterScoped = new Set(["Namespace", "ClusterRole", "ClusterRoleBinding"]);
    for (const m of manifests) expect(m.metadata.namespace, `${m.kind}/${m.metadata.name}`).toBe(clusterScoped.has(m.kind) ? undefined : "plumbline");
  });

  it("runs web, workers and the migrate Job non-root, on a read-only root filesystem, with probes and resource requests", () => {
    const web = podSpec(find(manifests, "Deployment", "plumbline-web"));
    const workers = podSpec(find(manifests, "Deployment", "plumbline-workers"));
    const migrate = podSpec(find(manifests, "Job", "plumbline-migrate"));
    for (const spec of [web, workers, migrate]) {
      // The "restricted" Pod Security Standard (the production namespace enforces it).
      expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
      const [container] = spec.containers;
      expect(container?.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
      expect(container?.resources?.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
      expect(container?.volumeMounts?.map((v) => v.mountPath)).toContain("/tmp");
    }
    for (const spec of [web, workers]) {
      expect(spec.containers[0]?.readinessProbe?.httpGet?.path).toBe("/api/health/ready");
      expect(spec.containers[0]?.livenessProbe?.httpGet?.path).toBe("/api/health/live");
    }
    expect(web.containers[0]?.volumeMounts?.map((v) => v.mountPath)).toContain("/app/.next/cache");
    expect(migrate.containers[0]?.command).toEqual(["node", "--enable-source-maps", "dist/cli.js", "migrate"]);
    // The web role caps its JavaScript heap (bench/memory-soak.bench.ts: RSS stays near 420 MB at 10,000 services).
    expect(web.containers[0]?.command).toEqual(["node", "--enable-source-maps", "--max-old-space-size=384", "--max-semi-space-size=32", "dist/start.js"]);
    // The image's CMD caps the heap for one-process installs; the workers have not been measured under a cap.
    expect(workers.containers[0]?.command).toEqual(["node", "--enable-source-maps", "dist/start.js"]);
    // Only discovery (the workers) may call the Kubernetes API.
    expect(web.serviceAccountName).toBe("plumbline-web");
    expect(workers.serviceAccountName).toBe("plumbline-discovery");
    const binding = find(manifests, "ClusterRoleBinding", "plumbline-discovery") as unknown as { subjects: { kind: string; name: string; namespace: string }[] };
    expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: "plumbline-discovery", namespace: "plumbline" }]);
  });

  it("gives each Deployment a PodDisruptionBudget that selects its pods", () => {
    for (const name of ["plumbline-web", "plumbline-workers"]) {
      const labels = (find(manifests, "Deployment", name) as unknown as { spec: { template: { metadata: { labels: Record<string, string> } } } }).spec.template.metadata.labels;
      const pdb = find(manifests, "PodDisruptionBudget", name) as unknown as { spec: { selector: { matchLabels: Record<string, string> } } };
      for (const [key, value] of Object.entries(pdb.spec.selector.matchLabels)) expect(labels[key]).toBe(value);
    }
  });

  it("wires every configuration variable its role reads, secrets from the Secret and the rest from the ConfigMap", () => {
    for (const workload of KUBERNETES_WORKLOADS) {
      const container = podSpec(find(manifests, workload.kind, workload.name)).containers.find((c) => c.name === workload.container);
      const env = new Map((container?.env ?? []).map((entry) => [entry.name, entry]));
      for (const name of wiredVariables(workload)) {
        const entry = env.get(name);
        expect(entry, `${workload.name} sets ${name}`).toBeDefined();
        if (entry?.valueFrom) expect(Object.keys(entry.valueFrom)).toEqual([CONFIG_VARIABLES[name].secret ? "secretKeyRef" : "configMapKeyRef"]);
      }
    }
  });
});

describe("configuration wiring", () => {
  it("covers every variable in server/config/config-variables.ts: wired into a workload, or read outside the cluster, or set by Kubernetes", () => {
    const wired = new Set(KUBERNETES_WORKLOADS.flatMap((workload) => wiredVariables(workload)));
    const outside = new Set<string>(variablesOutsideTheCluster());
    const unaccounted = Object.keys(CONFIG_VARIABLES).filter((name) => !wired.has(name as never) && !outside.has(name) && NOT_WIRED[name as never] === undefined);
    expect(unaccounted).toEqual([]);
    // Outside the cluster means the CLI in CI pipelines or the test harness, never the server.
    for (const name of outside) expect(CONFIG_VARIABLES[name as never]["roles"]).not.toContain("web");
  });

  it("the generated env patches are up to date (npm run docs:config)", () => {
    for (const workload of KUBERNETES_WORKLOADS) {
      expect(fs.readFileSync(path.join(KUBERNETES_BASE_DIR, workload.file), "utf8"), `${workload.file}: run npm run docs:config`).toBe(renderEnvPatch(workload));
    }
  });
});

describe("an overlay of your own", () => {
  it("binds the discovery role to the ServiceAccount in whatever namespace the overlay chooses", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plumbline-overlay-"));
    try {
      fs.cpSync(KUBERNETES_BASE_DIR, path.join(dir, "base"), { recursive: true });
      fs.writeFileSync(path.join(dir, "kustomization.yaml"), "namespace: tools\nresources:\n  - base\n");
      const binding = renderKustomization(dir).find((m) => m.kind === "ClusterRoleBinding") as unknown as { subjects: { namespace: string }[] } | undefined;
      expect(binding?.subjects.map((s) => s.namespace)).toEqual(["tools"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the schema validation itself", () => {
  it("rejects a Deployment whose container port is a name instead of a number", () => {
    const [deployment] = renderOverlay("small").filter((m) => m.kind === "Deployment");
    if (!deployment) throw new Error("no Deployment rendered");
    const broken = structuredClone(deployment) as unknown as { spec: { template: { spec: { containers: { ports: { containerPort: unknown }[] }[] } } } };
    const port = broken.spec.template.spec.containers[0]?.ports[0];
    if (!port) throw new Error("no port");
    port.containerPort = "http";
    expect(schemaErrors(broken as unknown as TManifest)).toMatch(/containerPort must be integer/);
  });
});
