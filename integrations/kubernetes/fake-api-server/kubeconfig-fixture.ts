/** A kubeconfig with one context, `name`, for the cluster at `server` (a token user, TLS not verified): what a tenant pastes, in tests. */
export function singleClusterKubeconfig(server: string, name = "tenant"): string {
  return `apiVersion: v1
kind: Config
clusters:
- name: ${name}
  cluster: { server: "${server}", insecure-skip-tls-verify: true }
users:
- name: u
  user: { token: t }
contexts:
- name: ${name}
  context: { cluster: ${name}, user: u }
`;
}
