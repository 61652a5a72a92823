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
import { parse as parseYaml } from "yaml";
import { CONFIG_VARIABLES } from "@/server/config/config-variables.ts";
import { KUBERNETES_BASE_DIR, KUBERNETES_DIR, KUBERNETES_WORKLOADS, NOT_WIRED, renderEnvPatch, variablesOutsideTheCluster, wiredVariables } from "@/scripts/kubernetes-env.ts";
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

/** The Kustomize components an overlay includes (`components:` in its kustomization.yaml), by folder name. */
function overlayComponents(overlay: string): string[] {
  const kustomization = parseYaml(fs.readFileSync(path.join(KUBERNETES_DIR, "overlays", overlay, "kustomization.yaml"), "utf8")) as { components?: string[] };
  return (kustomization.components ?? []).map((component) => path.basename(component));
}

/** The workloads an overlay renders: the base's, and those of the components it includes. */
function workloadsOf(overlay: string) {
  const components = overlayComponents(overlay);
  return KUBERNETES_WORKLOADS.filter((workload) => workload.file.startsWith("base/") || components.some((component) => workload.file.startsWith(`components/${component}/`)));
}

function podLabels(manifest: TManifest): Record<string, string> {
  return (manifest as unknown as { spec: { template: { metadata: { labels: Record<string, string> } } } }).spec.template.metadata.labels;
}

function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

describe.each(OVERLAYS)("overlay %s", (overlay) => {
  const manifests = renderOverlay(overlay);
  const deployments = manifests.filter((m) => m.kind === "Deployment");

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
    expect(deployments.length).toBe(workloadsOf(overlay).filter((workload) => workload.kind === "Deployment").length);
    for (const spec of [...deployments.map(podSpec), migrate]) {
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
    expect(web.containers[0]?.command).toEqual(["node", "--max-old-space-size=384", "--max-semi-space-size=32", "dist/start.js"]);
    // The image's CMD caps the heap for one-process installs; the workers have not been measured under a cap.
    expect(workers.containers[0]?.command).toEqual(["node", "dist/start.js"]);
    // Only discovery (the workers) may call the Kubernetes API.
    expect(web.serviceAccountName).toBe("plumbline-web");
    expect(workers.serviceAccountName).toBe("plumbline-discovery");
    const binding = find(manifests, "ClusterRoleBinding", "plumbline-discovery") as unknown as { subjects: { kind: string; name: string; namespace: string }[] };
    expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: "plumbline-discovery", namespace: "plumbline" }]);
  });

  it("gives each Deployment a PodDisruptionBudget that selects its pods", () => {
    for (const deployment of deployments) {
      const pdb = find(manifests, "PodDisruptionBudget", deployment.metadata.name) as unknown as { spec: { selector: { matchLabels: Record<string, string> } } };
      expect(selects(pdb.spec.selector.matchLabels, podLabels(deployment)), deployment.metadata.name).toBe(true);
      const others = deployments.filter((other) => other !== deployment);
      for (const other of others) expect(selects(pdb.spec.selector.matchLabels, podLabels(other)), `${deployment.metadata.name}'s budget selects ${other.metadata.name}`).toBe(false);
    }
  });

  it("wires every configuration variable its role reads, secrets from the Secret and the rest from the ConfigMap", () => {
    for (const workload of workloadsOf(overlay)) {
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

type TIngressPath = { path: string; pathType: string; backend: { service: { name: string; port: { name: string } } } };
type TService = { spec: { selector: Record<string, string> } };

describe("the deploy gate on pods of its own (production)", () => {
  const manifests = renderOverlay("production");
  const web = find(manifests, "Deployment", "plumbline-web");
  const gate = find(manifests, "Deployment", "plumbline-gate");

  it("runs the web pod template, but for its component label and a larger CPU request", () => {
    const withoutDifferences = (deployment: TManifest) => {
      const template = structuredClone((deployment as unknown as { spec: { template: { metadata: { labels: Record<string, string> }; spec: TPodSpec } } }).spec.template);
      delete template.metadata.labels["app.kubernetes.io/component"];
      for (const container of template.spec.containers) delete container.resources?.requests?.["cpu"];
      return template;
    };
    expect(withoutDifferences(gate)).toEqual(withoutDifferences(web));
    expect(podSpec(gate).containers[0]?.env).toContainEqual({ name: "PLUMBLINE_ROLE", value: "web" });
    expect(podLabels(gate)["app.kubernetes.io/component"]).toBe("gate");
    // CPU is weighed by request on a busy node: the gate's is the larger.
    const cpu = (deployment: TManifest) => Number.parseInt(podSpec(deployment).containers[0]?.resources?.requests?.["cpu"] ?? "0", 10);
    expect(cpu(gate)).toBeGreaterThan(cpu(web));
  });

  it("reaches the gate's pods only through its own Service, which the Ingress uses for /api/v1/deploy-requests", () => {
    const gateService = find(manifests, "Service", "plumbline-gate") as unknown as TService;
    const webService = find(manifests, "Service", "plumbline-web") as unknown as TService;
    expect(selects(gateService.spec.selector, podLabels(gate))).toBe(true);
    expect(selects(gateService.spec.selector, podLabels(web))).toBe(false);
    expect(selects(webService.spec.selector, podLabels(gate))).toBe(false);
    const ingress = find(manifests, "Ingress", "plumbline") as unknown as { spec: { rules: { http: { paths: TIngressPath[] } }[] } };
    const routes = ingress.spec.rules.flatMap((rule) => rule.http.paths).map((p) => [p.path, p.pathType, p.backend.service.name]);
    expect(routes).toEqual([
      ["/api/v1/deploy-requests", "Prefix", "plumbline-gate"],
      ["/", "Prefix", "plumbline-web"],
    ]);
  });

  it("lets the ingress controller reach the gate's pods as it reaches the web pods", () => {
    const policy = find(manifests, "NetworkPolicy", "plumbline-web") as unknown as { spec: { podSelector: { matchLabels: Record<string, string>; matchExpressions: { key: string; operator: string; values: string[] }[] } } };
    const matches = (labels: Record<string, string>) => selects(policy.spec.podSelector.matchLabels, labels) && policy.spec.podSelector.matchExpressions.every((e) => e.operator === "In" && e.values.includes(labels[e.key] ?? ""));
    expect(matches(podLabels(gate))).toBe(true);
    expect(matches(podLabels(web))).toBe(true);
    expect(matches(podLabels(find(manifests, "Deployment", "plumbline-workers")))).toBe(false);
  });

  it("is left out of the small overlay, whose web pods serve the gate", () => {
    expect(renderOverlay("small").filter((m) => m.metadata.name === "plumbline-gate")).toEqual([]);
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
      expect(fs.readFileSync(path.join(KUBERNETES_DIR, workload.file), "utf8"), `${workload.file}: run npm run docs:config`).toBe(renderEnvPatch(workload));
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
