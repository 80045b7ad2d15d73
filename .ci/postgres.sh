# Sourced by .ci/run: a throwaway PostgreSQL cluster for the tests of the
# PostgreSQL archive (--postgres). pg_start makes one in a temporary
# folder (trust authentication, listening on 127.0.0.1 only, on the first
# free port from 55432) and exports LEXSARAH_TEST_PG, its URL; pg_stop
# stops it and removes the folder. The server refuses to run as root, so
# as root it runs as the `postgres` user (made if missing).

pg_bindir() {
  local d found=""
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && found=$d
  done
  [ -n "$found" ] || return 1
  echo "$found"
}

pg_start() {
  local bin port as=()
  bin=$(pg_bindir) || { echo "no PostgreSQL server (apt-get install postgresql)" >&2; return 1; }
  PG_DIR=$(mktemp -d /tmp/lexsarah-pg.XXXXXX)
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$PG_DIR"
    as=(runuser -u postgres --)
  fi
  for port in $(seq 55432 55532); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
  done
  "${as[@]}" "$bin/initdb" -D "$PG_DIR/data" -U lexsarah --auth=trust -E UTF8 --no-locale \
    >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  "${as[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR -c fsync=off -c max_connections=200" \
    start >/dev/null || { cat "$PG_DIR/server.log" >&2; return 1; }
  export LEXSARAH_TEST_PG="postgresql://lexsarah@127.0.0.1:$port/postgres"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') for the tests at $LEXSARAH_TEST_PG"
}

pg_stop() {
  [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ] || return 0
  local as=()
  [ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
  "${as[@]}" "$(pg_bindir)/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
