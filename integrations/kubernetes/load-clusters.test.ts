import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { parseConfig, type TEnvRecord } from "@/server/config/parse-config.ts";
import { loadClusters, loadClustersFromKubeconfigText } from "./load-clusters.ts";

const kubernetesOf = (env: TEnvRecord) => parseConfig(env).kubernetes;

const dir = mkdtempSync(path.join(tmpdir(), "plumbline-kubeconfig-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const first = path.join(dir, "first.yaml");
writeFileSync(
  first,
  `apiVersion: v1
kind: Config
current-context: prod-eu
clusters:
  - name: eu
    cluster: { server: "https://eu.k8s.example:6443", certificate-authority: ca/eu.pem }
  - name: us
    cluster: { server: "https://us.k8s.example:6443" }
users:
  - name: reader
    user: { token: "abc" }
contexts:
  - name: prod-eu
    context: { cluster: eu, user: reader }
  - name: prod-us
    context: { cluster: us, user: reader }
  - name: broken
    context: { cluster: nowhere, user: reader }
`,
);
const second = path.join(dir, "second.yaml");
writeFileSync(
  second,
  `apiVersion: v1
kind: Config
clusters:
  - name: eu
    cluster: { server: "https://shadowed.example" }
  - name: staging
    cluster: { server: "https://staging.k8s.example" }
users:
  - name: ci
    user: { token: "def" }
contexts:
  - name: staging
    context: { cluster: staging, user: ci }
  - name: no-user
    context: { cluster: staging, user: ghost }
`,
);

describe("loadClusters", () => {
  it("makes one cluster per context of every KUBECONFIG file, named after the context", () => {
    const { clusters, warnings } = loadClusters({ kubernetes: kubernetesOf({ KUBECONFIG: [first, second].join(path.delimiter) }) });
    expect(clusters.map((cluster) => [cluster.name, cluster.server, cluster.source])).toEqual([
      ["prod-eu", "https://eu.k8s.example:6443", "kubeconfig"],
      ["prod-us", "https://us.k8s.example:6443", "kubeconfig"],
      ["staging", "https://staging.k8s.example", "kubeconfig"],
    ]);
    for (const cluster of clusters) expect(cluster.kubeConfig.getCurrentContext()).toBe(cluster.name);
    expect(clusters[0]?.kubeConfig.getCurrentCluster()?.caFile).toBe(path.join(dir, "ca/eu.pem"));
    expect(clusters[2]?.kubeConfig.getCurrentUser()?.token).toBe("def");
    expect(warnings).toEqual([
      'context "broken" names cluster "nowhere", which is not defined; skipped',
      'context "no-user" names user "ghost", which is not defined; skipped',
    ]);
  });

  it("keeps only the contexts asked for and says which were not found", () => {
    const { clusters, warnings } = loadClusters({ kubernetes: kubernetesOf({ KUBECONFIG: first }), contexts: ["prod-us", "prod-ap"] });
    expect(clusters.map((cluster) => cluster.name)).toEqual(["prod-us"]);
    expect(warnings).toEqual(['context "prod-ap" is not in KUBECONFIG']);
  });

  it("uses explicit clusters as given, and nothing from the environment", () => {
    const { clusters } = loadClusters({ explicit: [{ name: "fake", server: "http://127.0.0.1:1234", token: "t" }], kubernetes: kubernetesOf({ KUBECONFIG: first }) });
    expect(clusters).toHaveLength(1);
    const [fake] = clusters;
    expect(fake).toMatchObject({ name: "fake", server: "http://127.0.0.1:1234", source: "explicit" });
    expect(fake?.kubeConfig.getCurrentCluster()).toMatchObject({ server: "http://127.0.0.1:1234", skipTLSVerify: true });
  });

  it("uses the pod's service account inside a cluster", () => {
    vi.stubEnv("KUBERNETES_SERVICE_HOST", "10.96.0.1");
    vi.stubEnv("KUBERNETES_SERVICE_PORT", "443");
    try {
      const { clusters } = loadClusters({ kubernetes: kubernetesOf({ KUBERNETES_SERVICE_HOST: "10.96.0.1" }), inClusterName: "home" });
      expect(clusters.map((cluster) => [cluster.name, cluster.server, cluster.source])).toEqual([["home", "https://10.96.0.1:443", "in-cluster"]]);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("finds nothing without KUBECONFIG or a service account, and never reads ~/.kube/config by itself", () => {
    expect(loadClusters({ kubernetes: kubernetesOf({ HOME: dir }) })).toEqual({ clusters: [], warnings: [] });
  });
});

describe("loadClustersFromKubeconfigText (an organization's pasted kubeconfig)", () => {
  const kubeconfig = (user: string) => `apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster:
    server: https://prod.example:6443
contexts:
- name: prod
  context: { cluster: prod, user: u }
current-context: prod
users:
- name: u
  user:
${user}
`;

  it("accepts inline credentials", () => {
    const loaded = loadClustersFromKubeconfigText(kubeconfig("    token: abc"));
    expect(loaded.clusters.map((cluster) => [cluster.name, cluster.server])).toEqual([["prod", "https://prod.example:6443"]]);
    expect(loaded.warnings).toEqual([]);
  });

  it.each([
    ["an exec plugin", "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: /bin/sh\n      args: ['-c', 'id']"],
    ["a client certificate file", "    client-certificate: /etc/passwd\n    client-key: /etc/shadow"],
  ])("refuses a user that needs %s (it would run or read things on the server)", (_label, user) => {
    const loaded = loadClustersFromKubeconfigText(kubeconfig(user));
    expect(loaded.clusters).toEqual([]);
    expect(loaded.warnings[0]).toContain("only inline tokens and certificates are accepted");
  });
});
