#!/usr/bin/env bash
# The scale run of issue 18 (a script, never a test): UNITS synthetic units over HOSTS loopback
# hosts (127.0.1.1 …, UNITS/HOSTS units per host, as departments share a district portal), one
# private PostgreSQL cluster, and 1, 2 and 4 `zwgk worker --once` processes in turn.
#
#   bash bench/scale/run.sh                    # 200 hosts × 10 units, workers 1 2 4
#   HOSTS=20 UNITS_PER_HOST=5 WORKERS="1 2" bash bench/scale/run.sh
#
# Reports, for each worker count: wall time, units/minute, the queue's cost per claim (the claim
# transaction, and ending a group), and the most requests the servers saw in flight at once to
# one portal host (must not exceed per_host_concurrency) and to the shared external host (which
# group claims do not cover). Results: $OUT/results.tsv and $OUT/results.md.
# Loopback only; every step is bounded in time.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${OUT:-/tmp/zwgk-scale}
HOSTS=${HOSTS:-200}
UNITS_PER_HOST=${UNITS_PER_HOST:-10}
WORKERS=${WORKERS:-"1 2 4"}
PORT=${PORT:-18080}
PGPORT=${PGPORT:-18432}
PER_HOST=${PER_HOST:-2}
GROUPS_PER_WORKER=${GROUPS_PER_WORKER:-8}
DELAY_MS=${DELAY_MS:-20}
BIN=${BIN:-$ROOT/target/release/zwgk}
UNITS=$((HOSTS * UNITS_PER_HOST))
log() { echo "[scale] $*" >&2; }

[ -x "$BIN" ] || (cd "$ROOT" && cargo build --release --bin zwgk)
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$PGBIN" ] || PGBIN=$(dirname "$(command -v initdb)")
rm -rf "$OUT" && mkdir -p "$OUT"

# ---- a private PostgreSQL cluster (as nobody when root: PostgreSQL refuses root) ---------------
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi; }
PGDIR=$(mktemp -d /tmp/zwgk-scale-pg.XXXXXX)
[ "$(id -u)" = 0 ] && chown nobody "$PGDIR"
(cd "$PGDIR" && as_pg "$PGBIN/initdb" -D "$PGDIR/data" -U zwgk -A trust -E UTF8 --no-locale >"$OUT/initdb.log" 2>&1)
(cd "$PGDIR" && as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/postgres.log" -w -t 60 \
  -o "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB" start >/dev/null)
SITES_PID=
cleanup() {
  [ -n "$SITES_PID" ] && kill "$SITES_PID" 2>/dev/null || true
  (cd "$PGDIR" && as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m fast -w stop >/dev/null 2>&1) || true
  cp "$PGDIR/postgres.log" "$OUT/" 2>/dev/null || true
  rm -rf "$PGDIR"
}
trap cleanup EXIT
psql_q() { "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U zwgk -At "$@"; }

# ---- the synthetic portals ---------------------------------------------------------------------
python3 "$ROOT/bench/scale/sites.py" --hosts "$HOSTS" --units-per-host "$UNITS_PER_HOST" \
  --port "$PORT" --delay-ms "$DELAY_MS" --stats "$OUT/sites-final.json" --max-seconds 7200 \
  >"$OUT/sites.log" 2>&1 &
SITES_PID=$!
for _ in $(seq 100); do grep -q serving "$OUT/sites.log" 2>/dev/null && break; sleep 0.1; done
stats() { python3 -c "import urllib.request,sys; print(urllib.request.urlopen('http://127.0.1.1:$PORT/__stats', timeout=10).read().decode())"; }

config() { # config DB → config.toml text
  cat <<CONF
[crawl]
user_agent = "zwgk-scale-bench/1"
concurrency = 64
per_host_concurrency = $PER_HOST
timeout_secs = 15
retries = 1
max_pages_per_unit = 100
check_external_links = true
link_cache_hours = 24
# The shared external host is on loopback too, and no unit's origin.
allow_private = ["127.0.2.1"]

[store]
url = "postgres://zwgk@127.0.0.1:$PGPORT/$1"

[worker]
groups = $GROUPS_PER_WORKER
lease_secs = 30
poll_secs = 1
CONF
  python3 - "$HOSTS" "$UNITS_PER_HOST" "$PORT" <<'PY'
import sys
hosts, per, port = map(int, sys.argv[1:])
for k in range(hosts * per):
    base = f"http://127.0.1.{k // per + 1}:{port}/u{k}/"
    print(f'\n[[unit]]\nname = "单位{k:04d}"\ngroup = "区直单位"\nurl = "{base}"')
    for col, name, kind in (("news", "工作动态", "动态要闻"), ("notice", "通知公告", "通知公告")):
        print(f'[[unit.column]]\nname = "{name}"\nurl = "{base}{col}/"\nkind = "{kind}"')
PY
}

printf 'workers\tunits\tstored\tseconds\tunits_per_min\tclaim_ms\tend_group_ms\tclaims\trequests\tmax_in_flight_per_host\texternal_max_in_flight\n' >"$OUT/results.tsv"
for n in $WORKERS; do
  db="scale_$n"
  psql_q -d postgres -c "CREATE DATABASE $db" >/dev/null
  config "$db" >"$OUT/config-$n.toml"
  "$BIN" --config "$OUT/config-$n.toml" crawl --enqueue --as-of 2021-10-31 >&2
  stats >/dev/null # reset the counters
  log "$n worker(s) on $UNITS units over $HOSTS hosts"
  start=$(date +%s.%N)
  pids=()
  for i in $(seq "$n"); do
    timeout 3600 "$BIN" --config "$OUT/config-$n.toml" worker --once --name "w$i" \
      >/dev/null 2>"$OUT/worker-$n-$i.log" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p"; done
  end=$(date +%s.%N)
  s=$(stats)
  stored=$(psql_q -d "$db" -c "SELECT COUNT(*) FROM unit_facts")
  python3 - "$n" "$UNITS" "$stored" "$start" "$end" "$s" "$OUT" >>"$OUT/results.tsv" <<'PY'
import json, re, sys
n, units, stored = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
secs = float(sys.argv[5]) - float(sys.argv[4])
st = json.loads(sys.argv[6])
claim_ms = end_ms = 0.0
calls = claims = 0
for i in range(1, n + 1):
    text = open(f"{sys.argv[7]}/worker-{n}-{i}.log", encoding="utf-8").read()
    m = re.search(r"认领 (\d+) 组.*每次认领平均 ([\d.]+) ms（(\d+) 次），结束一组平均 ([\d.]+) ms", text)
    if m:
        g, c_ms, c, e_ms = int(m[1]), float(m[2]), int(m[3]), float(m[4])
        claim_ms += c_ms * c
        calls += c
        end_ms += e_ms * g
        claims += g
print("\t".join(map(str, [n, units, stored, f"{secs:.1f}", f"{stored / secs * 60:.0f}",
      f"{claim_ms / max(calls, 1):.2f}", f"{end_ms / max(claims, 1):.2f}", claims,
      st["requests"], st["max_in_flight_per_host"], st["external_max_in_flight"]])))
PY
  tail -1 "$OUT/results.tsv" >&2
done

{
  echo "| workers | units stored | wall time (s) | units/min | claim (ms) | end of group (ms) | groups claimed | requests | max in flight, one portal host | max in flight, shared external host |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  tail -n +2 "$OUT/results.tsv" | while IFS=$'\t' read -r w u st sec upm cms ems cl rq mx ex; do
    echo "| $w | $st / $u | $sec | $upm | $cms | $ems | $cl | $rq | $mx (limit $PER_HOST) | $ex |"
  done
} >"$OUT/results.md"
cat "$OUT/results.md"
