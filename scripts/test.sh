#!/usr/bin/env bash
# npm test: everything, on a clean machine. Installs what is missing (node modules,
# Debian's Chromium, Prometheus and PostgreSQL), starts a throwaway Postgres, then runs lint,
# typecheck, unit tests, integration tests on PGlite and Postgres, and the Playwright
# e2e suite against the built app. Any step failing fails the run; nothing is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
source scripts/test-services/postgres.sh
source scripts/test-services/chromium.sh
source scripts/test-services/prometheus.sh

started=$(date +%s)
step() { echo; echo "━━ $1 ($(( $(date +%s) - started )) s)"; }
mkdir -p test-results

step "dependencies"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then npm ci --no-audit --no-fund; fi
npx prisma generate >/dev/null

step "services"
ensure_chromium
ensure_prometheus
start_test_postgres
trap stop_test_postgres EXIT

step "lint"
npx eslint --max-warnings=0 .

step "typecheck"
npx tsc --noEmit -p .

step "unit tests"
npx vitest run --project unit --reporter=default --reporter=json --outputFile.json=test-results/unit.json

step "integration tests (PGlite and PostgreSQL)"
npx vitest run --project integration --reporter=default --reporter=json --outputFile.json=test-results/integration.json

step "end-to-end tests (Playwright, Chromium)"
rm -rf e2e/output
PLAYWRIGHT_JSON_OUTPUT_NAME=test-results/e2e.json npx playwright test --reporter=list,json

step "summary"
node scripts/test-summary.mjs test-results/unit.json test-results/integration.json test-results/e2e.json
