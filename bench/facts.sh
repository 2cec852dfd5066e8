#!/usr/bin/env bash
# The facts a build stores for every sample unit, to compare two builds (issue 19: a faster crawl
# must not change any fact).
#
#   bash bench/facts.sh BIN OUT          # crawl with BIN, write OUT/facts/<unit>.json and OUT/bulletin-*
#   bash bench/facts.sh --diff A B       # compare two such outputs (exit 1 on any difference)
#   bash bench/facts.sh --db DB OUT [ADDR]  # the facts stored in one SQLite file (a bench run's zwgk.db)
#
# The crawl is `BIN demo` (loopback only: the sample sites served by zwgk itself, as of 2021-10-31)
# over the repository's config.toml (the 44 demo units with their configured columns) plus every
# other sample unit: checks-* (planted faults), platform-* (columns discovered, not configured) and
# annual-* (annual reports). Each unit's stored UnitFacts JSON is written with its keys sorted; only
# the entry page's load time (`site.entry_load_ms`, a stopwatch reading) is dropped, and when port 8787
# was taken (the demo then serves elsewhere) the server's address is written back as 127.0.0.1:8787.
#
# CONCURRENCY (default 1) overrides `[crawl] concurrency`: with one request at a time the crawl
# order, and so every order the facts keep (anchors, found_on, targets), is the same on every run;
# with more, the order of equal facts may differ between two runs of the same build.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)

dump() { # DB OUTDIR [ADDR]
  mkdir -p "$2/facts"
  python3 - "$1" "$2/facts" "${3:-}" <<'EOF'
import json, sqlite3, sys
db, out, addr = sys.argv[1], sys.argv[2], sys.argv[3]
rows = sqlite3.connect(db).execute(
    "SELECT unit, facts FROM unit_facts ORDER BY crawl_id").fetchall()
for unit, facts in rows:
    if isinstance(facts, bytes):  # stored as a blob since the facts are streamed in
        facts = facts.decode("utf-8")
    if addr:  # the demo serves on another port when 8787 is taken
        facts = facts.replace(f"http://{addr}/", "http://127.0.0.1:8787/")
    f = json.loads(facts)
    f.get("site", {}).pop("entry_load_ms", None)
    with open(f"{out}/{unit}.json", "w") as fh:
        json.dump(f, fh, ensure_ascii=False, indent=1, sort_keys=True)
        fh.write("\n")
print(f"{len(rows)} units", file=sys.stderr)
EOF
}

case "${1:-}" in
--diff)
  a=$2 b=$3
  if ! diff -r -q "$a/facts" "$b/facts"; then
    diff -r "$a/facts" "$b/facts" | head -60
    exit 1
  fi
  for f in "$a"/bulletin-*.md "$a"/bulletin-*.csv; do
    [ -f "$f" ] || continue
    cmp -s "$f" "$b/$(basename "$f")" || { echo "differs: $(basename "$f")"; exit 1; }
  done
  # Finding ids hash the evidence URL, so they change with the demo's port: compared without them.
  for f in "$a"/bulletin-*.json; do
    [ -f "$f" ] || continue
    python3 - "$f" "$b/$(basename "$f")" <<'EOF'
import json, sys
def strip(v):
    if isinstance(v, dict):
        return {k: strip(x) for k, x in v.items() if k != "id"}
    if isinstance(v, list):
        return [strip(x) for x in v]
    return v
a, b = (strip(json.load(open(p))) for p in sys.argv[1:3])
sys.exit(0 if a == b else "differs: " + sys.argv[1])
EOF
  done
  echo "facts identical: $(ls "$a/facts" | wc -l) units; bulletins (md, csv; json without finding ids) identical"
  exit 0
  ;;
--db)
  dump "$2" "$3" "${4:-}"
  exit 0
  ;;
esac

BIN=$(realpath "$1")
OUT=$(realpath -m "$2")
CONCURRENCY=${CONCURRENCY:-1}
rm -rf "$OUT"; mkdir -p "$OUT/run"
ln -s "$ROOT/sample_sites" "$OUT/run/sample_sites"
python3 - "$ROOT" "$OUT/run/config.toml" "$CONCURRENCY" <<'EOF'
import re, sys
root, out, conc = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(f"{root}/config.toml", encoding="utf-8").read()
text = text.replace("[crawl]\n", f"[crawl]\nconcurrency = {conc}\n", 1)
text = re.sub(r"(?m)^concurrency = 32.*\n", "", text)
extra = [("信箱示例", "checks-xx"), ("办事示例", "checks-bs"), ("内容示例", "checks-nr"),
         ("年报合格示例", "annual-pass"), ("年报数据示例", "annual-sum"), ("年报旧格式示例", "annual-old"),
         ("年报雷同示例", "annual-copy"), ("年报逾期示例", "annual-late"), ("年报PDF示例", "annual-pdf"),
         ("年报Word示例", "annual-docx"), ("年报扫描件示例", "annual-scan")]
for name, slug in extra:
    text += f'\n[[unit]]\nname = "{name}"\ngroup = "区直单位"\nurl = "http://127.0.0.1:8787/{slug}/"\n'
text += "\n" + open(f"{root}/sample_sites/platform-units.toml", encoding="utf-8").read()
open(out, "w", encoding="utf-8").write(text)
EOF
(cd "$OUT/run" && "$BIN" --config "$OUT/run/config.toml" demo --out "$OUT" >"$OUT/run/stdout" 2>"$OUT/run/stderr") || {
  rc=$?; [ $rc -eq 1 ] || { tail "$OUT/run/stderr"; exit $rc; }  # 1: some unit vetoed
}
ADDR=$(grep -o -m1 'http://127\.0\.0\.1:[0-9]*' "$OUT/run/stderr" | sed 's,http://,,')
dump "$OUT/run/zwgk.db" "$OUT" "$ADDR"
[ -n "$ADDR" ] && sed -i "s|http://$ADDR/|http://127.0.0.1:8787/|g" "$OUT"/bulletin-*.{md,csv,json}
