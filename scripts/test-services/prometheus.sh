# Sourced by scripts/test.sh: makes sure Debian's Prometheus is installed for the
# integrations/prometheus tests, which start the real binary themselves on free
# loopback ports (no Docker here). Fails loudly otherwise: those tests never skip.
ensure_prometheus() {
  local bin="${PROMETHEUS_BIN:-/usr/bin/prometheus}"
  if [ ! -x "$bin" ]; then
    echo "▸ Prometheus not found; installing Debian's prometheus…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null \
      || { echo "✖ could not install prometheus (needed by the Prometheus integration tests)" >&2; return 1; }
    # Where an init system runs, the package starts a server on :9090; the tests do not
    # need it, so the one we just caused is stopped again.
    invoke-rc.d prometheus stop >/dev/null 2>&1 || true
    [ -x "$bin" ] || { echo "✖ prometheus was installed but $bin is missing (set PROMETHEUS_BIN?)" >&2; return 1; }
  fi
  echo "▸ $("$bin" --version 2>&1 | head -1)"
}
