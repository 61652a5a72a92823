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

  // Every field that names a file, runs something, goes through a proxy or acts as someone
  // else is refused by name; the tenant learns which field and what to paste instead.
  it.each([
    ["    token-file: /var/run/secrets/kubernetes.io/serviceaccount/token", "users[0].user.token-file is not allowed: paste the token itself (token)"],
    ["    tokenFile: /etc/shadow", "users[0].user.tokenFile is not allowed: paste the token itself (token)"],
    ["    client-certificate: /etc/passwd", "users[0].user.client-certificate is not allowed: paste the certificate as client-certificate-data (base64 PEM)"],
    ["    client-key: /etc/shadow", "users[0].user.client-key is not allowed: paste the key as client-key-data (base64 PEM)"],
    ["    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: /bin/sh\n      args: ['-c', 'id']", "users[0].user.exec is not allowed: Plumbline runs no commands or auth plugins; paste a service account token"],
    ["    auth-provider:\n      name: gcp", "users[0].user.auth-provider is not allowed: Plumbline runs no commands or auth plugins; paste a service account token"],
    ["    token: abc\n    as: system:admin", "users[0].user.as is not allowed: impersonation is not supported"],
    ["    token: abc\n    as-groups: [system:masters]", "users[0].user.as-groups is not allowed: impersonation is not supported"],
    ["    token: abc\n    extensions: []", "users[0].user.extensions is not allowed: extensions are not accepted"],
    ["    token: abc\n    surprise: 1", "users[0].user.surprise is not allowed: not a kubeconfig field Plumbline accepts"],
  ])("refuses the user field in %j, naming it", (user, problem) => {
    const loaded = loadClustersFromKubeconfigText(kubeconfig(user));
    expect(loaded.clusters).toEqual([]);
    expect(loaded.warnings).toContain(problem);
  });

  const withCluster = (cluster: string) => `apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster:
    server: https://prod.example:6443
${cluster}
contexts:
- name: prod
  context: { cluster: prod, user: u }
users:
- name: u
  user: { token: abc }
`;

  it.each([
    ["    certificate-authority: /etc/kubernetes/pki/ca.crt", "clusters[0].cluster.certificate-authority is not allowed: paste the CA as certificate-authority-data (base64 PEM)"],
    ["    proxy-url: http://10.0.0.1:3128", "clusters[0].cluster.proxy-url is not allowed: Plumbline connects to the API server directly"],
    ["    extensions: []", "clusters[0].cluster.extensions is not allowed: extensions are not accepted"],
  ])("refuses the cluster field in %j, naming it", (cluster, problem) => {
    const loaded = loadClustersFromKubeconfigText(withCluster(cluster));
    expect(loaded.clusters).toEqual([]);
    expect(loaded.warnings).toContain(problem);
  });

  it("refuses unknown context and top-level fields, naming them", () => {
    const text = withCluster("").replace("context: { cluster: prod, user: u }", "context: { cluster: prod, user: u, extensions: [] }") + "extensions: []\n";
    const loaded = loadClustersFromKubeconfigText(text);
    expect(loaded.clusters).toEqual([]);
    expect(loaded.warnings).toEqual(expect.arrayContaining(["contexts[0].context.extensions is not allowed: extensions are not accepted", "extensions is not allowed: extensions are not accepted"]));
  });

  it("accepts inline certificates, a CA, a TLS server name and a namespace, and builds the client from them only", () => {
    const text = `apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster:
    server: https://prod.example:6443
    certificate-authority-data: Q0E=
    tls-server-name: api.prod.example
contexts:
- name: prod
  context: { cluster: prod, user: u, namespace: shop }
current-context: prod
users:
- name: u
  user:
    client-certificate-data: Q0VSVA==
    client-key-data: S0VZ
`;
    const loaded = loadClustersFromKubeconfigText(text);
    expect(loaded.warnings).toEqual([]);
    const [prod] = loaded.clusters;
    expect(prod?.kubeConfig.getCurrentCluster()).toMatchObject({ server: "https://prod.example:6443", caData: "Q0E=", tlsServerName: "api.prod.example" });
    expect(prod?.kubeConfig.getCurrentCluster()?.caFile).toBeUndefined();
    expect(prod?.kubeConfig.getCurrentUser()).toMatchObject({ certData: "Q0VSVA==", keyData: "S0VZ" });
  });

  it("refuses a kubeconfig that is not YAML, or whose server is not an http(s) URL", () => {
    expect(loadClustersFromKubeconfigText("clusters: [").warnings[0]).toMatch(/not valid YAML/);
    expect(loadClustersFromKubeconfigText(withCluster("").replace("https://prod.example:6443", "file:///etc/passwd")).warnings).toContain(
      "clusters[0].cluster.server must be an http(s) URL such as https://api.example:6443",
    );
  });
});
