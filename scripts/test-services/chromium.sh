# Sourced by scripts/test.sh: makes sure Debian's Chromium is installed for Playwright
# (Playwright's own browser download cannot work here). Fails loudly otherwise.
ensure_chromium() {
  if [ ! -x "${PLAYWRIGHT_CHROMIUM:-/usr/bin/chromium}" ]; then
    echo "▸ Chromium not found; installing Debian's chromium…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
      || { echo "✖ could not install chromium (needed by the e2e tests)" >&2; return 1; }
  fi
  echo "▸ $("${PLAYWRIGHT_CHROMIUM:-/usr/bin/chromium}" --version 2>/dev/null | head -1)"
}
