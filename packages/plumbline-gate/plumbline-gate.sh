#!/bin/sh
# plumbline-gate.sh: the deploy gate for images without Node (POSIX sh + curl only).
# Same flags and exit codes as plumbline-gate (the Node client): 0 approved; 2 rejected,
# expired or cancelled; 3 still pending when --wait ran out (it prints the
# --idempotency-key that picks the same request up again); 1 any error.
#
#   PLUMBLINE_URL=https://plumbline.example.com PLUMBLINE_TOKEN=plb_... \
#     sh plumbline-gate.sh --service payments --env production --version 1.42.0 --wait 30m
#
# Reads only the top-level id, status and links of the API's JSON (no jq needed).
set -u

usage() {
  cat <<'USAGE'
plumbline-gate.sh [gate] --service SLUG --env ENV --version VERSION
  [--commit SHA] [--wait 30m] [--url URL] [--token-env PLUMBLINE_TOKEN]
  [--requested-by WHO] [--ci-url URL] [--break-glass REASON] [--idempotency-key KEY]
Exit: 0 approved, 2 rejected/expired/cancelled, 3 pending when --wait ran out, 1 error.
USAGE
}

fail() { printf 'plumbline-gate: %s\n' "$1" >&2; exit 1; }

# JSON string escaping for the request body: backslash, quote, and control characters out.
json_string() { printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' | tr -d '\000-\037' | sed -e 's/^/"/' -e 's/$/"/'; }

# The first top-level "name":"value" of the API's compact JSON (id and status come before the nested approvals).
json_field() { printf '%s' "$2" | tr ',' '\n' | sed -n "s/^{*\"$1\":\"\\([^\"]*\\)\".*/\\1/p" | head -n 1; }
ui_link() { printf '%s' "$1" | sed -n 's/.*"links":{[^}]*"ui":"\([^"]*\)".*/\1/p' | head -n 1; }
# The problem's detail (application/problem+json), its escaped quotes and backslashes unescaped.
detail_of() { printf '%s' "$1" | sed -n 's/.*"detail":"\([^"\\]*\(\\.[^"\\]*\)*\)".*/\1/p' | head -n 1 | sed -e 's/\\"/"/g' -e 's/\\\\/\\/g'; }

# 90s, 30m, 1h, 2h30m or plain seconds → seconds.
to_seconds() {
  total=0; rest=$1
  case $rest in ''|*[!0-9hms]*) return 1 ;; esac
  case $rest in *[0-9]) rest="${rest}s" ;; esac
  while [ -n "$rest" ]; do
    number=${rest%%[hms]*}; rest=${rest#"$number"}; unit=$(printf '%s' "$rest" | cut -c1); rest=${rest#?}
    [ -n "$number" ] || return 1
    case $unit in h) total=$((total + number * 3600)) ;; m) total=$((total + number * 60)) ;; s) total=$((total + number)) ;; *) return 1 ;; esac
  done
  echo "$total"
}

[ "${1:-}" = "gate" ] && shift
service=""; env_name=""; version=""; commit="${GITHUB_SHA:-${CI_COMMIT_SHA:-}}"; wait_arg="0"; url="${PLUMBLINE_URL:-}"
token_env="PLUMBLINE_TOKEN"; requested_by="${GITHUB_ACTOR:-${GITLAB_USER_LOGIN:-}}"; ci_url="${CI_JOB_URL:-}"; break_glass=""; key=""
if [ -z "$ci_url" ] && [ -n "${GITHUB_RUN_ID:-}" ]; then ci_url="${GITHUB_SERVER_URL:-https://github.com}/${GITHUB_REPOSITORY:-}/actions/runs/${GITHUB_RUN_ID}"; fi
[ $# -eq 0 ] && { usage; exit 1; }
while [ $# -gt 0 ]; do
  case $1 in
    -h|--help) usage; exit 0 ;;
    --service|--env|--version|--commit|--wait|--url|--token-env|--requested-by|--ci-url|--break-glass|--idempotency-key)
      [ $# -ge 2 ] || fail "$1 needs a value"
      case $1 in
        --service) service=$2 ;; --env) env_name=$2 ;; --version) version=$2 ;; --commit) commit=$2 ;; --wait) wait_arg=$2 ;;
        --url) url=$2 ;; --token-env) token_env=$2 ;; --requested-by) requested_by=$2 ;; --ci-url) ci_url=$2 ;;
        --break-glass) break_glass=$2 ;; --idempotency-key) key=$2 ;;
      esac
      shift 2 ;;
    *) fail "unknown argument $1 (see --help)" ;;
  esac
done
[ -n "$service" ] || fail "--service is required"
[ -n "$env_name" ] || fail "--env is required"
[ -n "$version" ] || fail "--version is required"
[ -n "$url" ] || fail "--url or PLUMBLINE_URL is required"
case $token_env in ''|*[!A-Za-z0-9_]*) fail "--token-env must name an environment variable" ;; esac
token=$(eval "printf '%s' \"\${$token_env:-}\"")
[ -n "$token" ] || fail "set $token_env to a Plumbline API token (Settings → API tokens)"
wait_seconds=$(to_seconds "$wait_arg") || fail "--wait must be a duration like 90s, 30m or 1h"
command -v curl >/dev/null 2>&1 || fail "curl is required"
url=${url%/}
[ -n "$key" ] || key="gate-sh-$(date +%s)-$$-$(od -An -N6 -tx1 /dev/urandom 2>/dev/null | tr -d ' \n')"

body="{\"service\":$(json_string "$service"),\"environment\":$(json_string "$env_name"),\"version\":$(json_string "$version")"
[ -n "$commit" ] && body="$body,\"commit\":$(json_string "$commit")"
[ -n "$requested_by" ] && body="$body,\"requestedBy\":$(json_string "$requested_by")"
[ -n "$ci_url" ] && body="$body,\"ciUrl\":$(json_string "$ci_url")"
[ -n "$break_glass" ] && body="$body,\"breakGlassReason\":$(json_string "$break_glass")"
body="$body}"

# One API call: URL, the seconds it may take, curl's arguments. curl retries network errors, 429 and 5xx
# with its own backoff; the body is printed on 2xx, the problem's detail on anything else (exit 1).
api_with() {
  target=$1; seconds=$2; shift 2
  response_file=$(mktemp) || fail "mktemp failed"
  status=$(curl -sS -o "$response_file" -w '%{http_code}' --retry 5 --retry-connrefused --max-time $((seconds + 30)) \
    -H "authorization: Bearer $token" -H 'content-type: application/json' -H "idempotency-key: $key" "$@" "$target") || status="000"
  text=$(cat "$response_file"); rm -f "$response_file"
  case $status in
    2??) printf '%s' "$text" ;;
    *) detail=$(detail_of "$text"); fail "HTTP $status from Plumbline${detail:+: $detail}" ;;
  esac
}

answer=$(api_with "$url/api/v1/deploy-requests" 0 -X POST --data "$body") || exit 1
id=$(json_field id "$answer"); status=$(json_field status "$answer"); link=$(ui_link "$answer")
[ -n "$id" ] && [ -n "$status" ] || fail "unexpected answer from Plumbline"
echo "Deploy request $id: $status ($link)"
deadline=$(( $(date +%s) + wait_seconds ))
while [ "$status" = "pending" ] && [ "$(date +%s)" -lt "$deadline" ]; do
  left=$(( deadline - $(date +%s) )); poll=30; [ "$left" -lt "$poll" ] && poll=$left; [ "$poll" -lt 1 ] && poll=1
  answer=$(api_with "$url/api/v1/deploy-requests/$id?wait=$poll" "$poll") || exit 1
  status=$(json_field status "$answer")
done
echo "Deploy request $id: $status ($link)"
case $status in
  approved) exit 0 ;;
  pending) echo "Still pending; run again with --idempotency-key $key to pick the same request up." >&2; exit 3 ;;
  rejected|expired|cancelled) exit 2 ;;
  *) fail "unexpected status \"$status\"" ;;
esac
