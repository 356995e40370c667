#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite: initdb in a temp folder, listening on loopback only (and a unix
# socket inside the folder), trust authentication for the local user, on a free port.
#   scripts/pg-test-server.sh start [DIR]   prints the URL to export as UNSPIN_TEST_PG
#   scripts/pg-test-server.sh stop DIR
# PostgreSQL refuses to run as root: run this as an ordinary user (.ci/run does it with runuser).
set -euo pipefail
cmd=${1:-}
bindir=""
for d in /usr/lib/postgresql/*/bin /usr/local/bin /usr/bin; do
  if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then bindir=$d; break; fi
done
[ -n "$bindir" ] || { echo "pg-test-server: initdb/pg_ctl not found (install the postgresql package)" >&2; exit 1; }

case "$cmd" in
  start)
    dir=${2:-$(mktemp -d "${TMPDIR:-/tmp}/unspin-pg-XXXXXX")}
    mkdir -p "$dir"
    # A free port: ask the kernel for one, then hand it to postgres (a tiny race, harmless for tests).
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
      || node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
    "$bindir/initdb" -D "$dir/data" -U unspin -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || "$bindir/initdb" -D "$dir/data" -U unspin -A trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1
    # Tuned for a throwaway test cluster: durability off (fsync) because the data dies with the test run.
    "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null
    "$bindir/createdb" -h 127.0.0.1 -p "$port" -U unspin unspin_test
    echo "$port" >"$dir/port"
    echo "postgres://unspin@127.0.0.1:$port/unspin_test"
    ;;
  stop)
    dir=${2:?usage: pg-test-server.sh stop DIR}
    [ -d "$dir/data" ] && "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: pg-test-server.sh start [DIR] | stop DIR" >&2
    exit 2
    ;;
esac
