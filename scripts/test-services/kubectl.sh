# Sourced by scripts/test.sh: the Kubernetes manifest tests (deploy/kubernetes/*.test.ts)
# render the Kustomize overlays with `kubectl kustomize`, which works offline. On these
# machines kubectl comes with the machine image (google-cloud-cli's /usr/bin/kubectl);
# Debian's archive has no kubectl package to install, so a missing one fails loudly.
ensure_kubectl() {
  local bin=kubectl
  if ! command -v "$bin" >/dev/null 2>&1; then
    echo "✖ kubectl not found: install a kubectl ≥ 1.27 (it bundles Kustomize) for the manifest tests" >&2
    return 1
  fi
  echo "▸ kubectl $("$bin" version --client 2>/dev/null | head -2 | tr '\n' ' ')"
}
