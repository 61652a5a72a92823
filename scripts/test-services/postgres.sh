# Sourced by scripts/test.sh: starts a throwaway PostgreSQL server on a free loopback
# port under a temp dir, exports TEST_DATABASE_URL, and registers its shutdown.
# Fails loudly if Postgres cannot be installed or started: tests never skip it.

pg_bin_dir() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  return 1
}

start_test_postgres() {
  local bin
  if ! bin=$(pg_bin_dir); then
    echo "▸ PostgreSQL server binaries not found; installing Debian's postgresql…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bin=$(pg_bin_dir) || { echo "✖ could not install PostgreSQL" >&2; return 1; }
  fi
  PG_TMP=$(mktemp -d /tmp/plumbline-pg.XXXXXX)
  PG_PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  local run=()
  if [ "$(id -u)" = "0" ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
    chown postgres "$PG_TMP"
    run=(runuser -u postgres --)
  fi
  "${run[@]}" "$bin/initdb" -D "$PG_TMP/data" -U postgres --auth=trust -E UTF8 --no-locale >"$PG_TMP/initdb.log" 2>&1 \
    || { cat "$PG_TMP/initdb.log" >&2; echo "✖ initdb failed" >&2; return 1; }
  "${run[@]}" "$bin/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $PG_TMP -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null \
    || { cat "$PG_TMP/server.log" >&2; echo "✖ PostgreSQL did not start" >&2; return 1; }
  PG_STOP=("${run[@]}" "$bin/pg_ctl" -D "$PG_TMP/data" -m fast -w stop)
  export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
  echo "▸ PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT ($PG_TMP)"
}

stop_test_postgres() {
  if [ -n "${PG_TMP:-}" ]; then
    "${PG_STOP[@]}" >/dev/null 2>&1 || true
    rm -rf "$PG_TMP"
  fi
}
