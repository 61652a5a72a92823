#!/usr/bin/env bash
# npm test: everything, on a clean machine. Installs what is missing (node modules,
# Debian's Chromium, Prometheus and PostgreSQL), starts a throwaway Postgres, then runs lint,
# typecheck, unit tests, integration tests on PGlite and Postgres, the time-handling tests
# once more under TZ=America/New_York, and the Playwright
# e2e suite against the built app. Any step failing fails the run; nothing is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
source scripts/test-services/postgres.sh
source scripts/test-services/chromium.sh
source scripts/test-services/prometheus.sh
source scripts/test-services/kubectl.sh

started=$(date +%s)
step() { echo; echo "━━ $1 ($(( $(date +%s) - started )) s)"; }
mkdir -p test-results

step "dependencies"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then npm ci --no-audit --no-fund; fi
npx prisma generate >/dev/null

step "services"
ensure_chromium
ensure_prometheus
ensure_kubectl
start_test_postgres
trap stop_test_postgres EXIT

# ESLint and tsc each run on one core: side by side they take as long as the slower one
# (about 20 s each on an idle 2-core machine). ESLint's output waits in a file so the two
# do not interleave; either failing fails the run.
step "lint and typecheck (side by side)"
npx eslint --max-warnings=0 . >test-results/eslint.log 2>&1 &
lint_pid=$!
typecheck_status=0
npx tsc --noEmit -p . || typecheck_status=$?
lint_status=0
wait "$lint_pid" || lint_status=$?
cat test-results/eslint.log
if [ "$lint_status" -ne 0 ] || [ "$typecheck_status" -ne 0 ]; then
  echo "✖ lint exited $lint_status, typecheck exited $typecheck_status" >&2
  exit 1
fi

step "unit tests"
npx vitest run --project unit --reporter=default --reporter=json --outputFile.json=test-results/unit.json

# The production build (next build + dist/): the runtime-stage test replays the Dockerfile
# on it, and the tests that start the app with npm start reuse it (.next's build stamp).
step "production build"
npm run build

step "integration tests (PGlite and PostgreSQL)"
npx vitest run --project integration --reporter=default --reporter=json --outputFile.json=test-results/integration.json

# Time-zone pass: the suites above run in the machine's zone (UTC on CI). Code that reads
# wall clocks or calendar days must give the same answers where days are 23 or 25 hours
# long, so the tests of that code run once more under TZ=America/New_York (DST): SLO math
# and windows, policy freeze windows, telemetry windows, CLI durations, the history page's
# Today/Yesterday, and, across the database boundary (timestamp(3) columns read and written
# through the Prisma adapters), SLO evaluation with its snapshots and retention.
# Only those, in one vitest run (one start-up), not the whole suite again: the suites above
# take minutes; this pass took 23 s on a loaded 2-core machine (load average 7), about half
# of it unit tests. To pay for it the integration tests no longer sleep for fixed times
# (server/testing/no-test-sleeps.test.ts keeps it so); the gate long-poll tests alone gave
# back ~3 s. A new time-handling test joins by living under one of these paths.
TZ_PASS_TESTS=(
  domain/slo/ domain/policy/ domain/telemetry/ domain/time/ app/components/format-day-label
  server/slo/evaluate-slos
)
step "time-zone pass (TZ=America/New_York): ${TZ_PASS_TESTS[*]}"
TZ=America/New_York npx vitest run --project unit --project integration "${TZ_PASS_TESTS[@]}" --reporter=default --reporter=json --outputFile.json=test-results/tz-new-york.json

step "end-to-end tests (Playwright, Chromium)"
rm -rf e2e/output
PLAYWRIGHT_JSON_OUTPUT_NAME=test-results/e2e.json npx playwright test --reporter=list,json

step "summary"
node scripts/test-summary.mjs test-results/unit.json test-results/integration.json test-results/tz-new-york.json test-results/e2e.json
