#!/bin/sh
# bench/reuse.sh [BUILD_DIR] — speed and size of reused-passage detection
# at library scale (issue 8):
#
#   1. a library of N papers (N=100000 by default; N=... to change) made by
#      tools/make_big_library (with --data ../shared/data when it is there:
#      real prose recombined; else generated words), timed;
#   2. the fingerprint index's size (fingerprints + fp_papers, from SQLite's
#      dbstat) against the size of the papers' text;
#   3. `quire check` of a 5,000-word text (passages of three papers of the
#      library between new sentences) end to end, wall time best of 5, and
#      with --json;
#   4. `quire duplicates` over the whole library: wall time and peak memory.
#
# The library is kept in $WORK (default /tmp/quire-reuse-bench) and reused
# when it already holds N papers.  Prints one "name: value" line a figure.
set -eu
B=${1:-build}
N=${N:-100000}
WORK=${WORK:-/tmp/quire-reuse-bench}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
if ! make -s "$B/quire" "$B/tools/make_big_library" >/dev/null 2>&1; then
	[ -x "$B/quire" ] && [ -x "$B/tools/make_big_library" ] || { echo "build failed"; exit 1; }
	echo "note: the build failed; using the binaries already in $B"
fi
Q="$top/$B/quire"
mkdir -p "$WORK"
LIB="$WORK/lib-$N.quire"
DATA=""
[ -d ../shared/data/essays ] && DATA="--data $(cd ../shared/data && pwd)"

have=$("$Q" --library "$LIB" list --json 2>/dev/null | grep -o '"id":' | wc -l || true)
if [ "${have:-0}" -ne "$N" ]; then
	rm -f "$LIB" "$LIB-wal" "$LIB-shm"
	t0=$(date +%s.%N)
	# shellcheck disable=SC2086
	"$top/$B/tools/make_big_library" "$LIB" "$N" $DATA >"$WORK/make.log" 2>"$WORK/make.err"
	t1=$(date +%s.%N)
	echo "library: $N papers built in $(echo "$t1 - $t0" | bc) s (analysis, fingerprints, store)"
fi

# 2. sizes
sqlite3 "$LIB" "SELECT 'text_bytes: ' || sum(length(CAST(text AS BLOB))) FROM papers;
SELECT 'fingerprints: ' || count(*) FROM fingerprints;
SELECT 'indexed_papers: ' || count(*) FROM fp_papers;"
if sqlite3 "$LIB" "SELECT 1 FROM dbstat LIMIT 1" >/dev/null 2>&1; then
	sqlite3 "$LIB" "SELECT 'index_bytes: ' || sum(pgsize) FROM dbstat WHERE name IN
	  ('fingerprints', 'fp_papers', 'sqlite_autoindex_fp_papers_1');
	SELECT 'index_bytes_fingerprints: ' || sum(pgsize) FROM dbstat WHERE name = 'fingerprints';
	SELECT 'index_to_text: ' || round(1.0 * (SELECT sum(pgsize) FROM dbstat WHERE name IN
	  ('fingerprints', 'fp_papers', 'sqlite_autoindex_fp_papers_1')) /
	  (SELECT sum(length(CAST(text AS BLOB))) FROM papers), 3);
	SELECT 'bytes_per_fingerprint: ' || round(1.0 * (SELECT sum(pgsize) FROM dbstat
	  WHERE name = 'fingerprints') / (SELECT count(*) FROM fingerprints), 1);"
else
	echo "index_bytes: (this sqlite3 has no dbstat)"
fi
ls -l "$LIB" | awk '{print "library_file_bytes: " $5}'

# 3. a 5,000-word text: three papers' passages between new sentences
T="$WORK/check-5000.txt"
python3 - "$LIB" "$T" <<'PY'
import sqlite3, sys, random
db = sqlite3.connect(sys.argv[1])
rows = db.execute("SELECT id, text FROM papers ORDER BY rowid LIMIT 3 OFFSET 777").fetchall()
random.seed(8)
vocab = "the river of a harbour ledger winter coast merchant tide and salt road market lamp keeper storm bread oven".split()
out, words = [], 0
def filler(n):
    return " ".join(random.choice(vocab) for _ in range(n)).capitalize() + "."
for _, text in rows:
    w = text.split()
    cut = w[:600]
    out.append(filler(300)); out.append(" ".join(cut)); words += 900
while words < 5000:
    out.append(filler(200)); words += 200
open(sys.argv[2], "w").write("A Checked Essay\n\n" + "\n\n".join(out) + "\n")
print("check_text_words: %d (passages of %s)" % (sum(len(p.split()) for p in out), ", ".join(r[0] for r in rows)))
PY
best=999
for i in 1 2 3 4 5; do
	t0=$(date +%s.%N)
	"$Q" --library "$LIB" check "$T" >"$WORK/check.out"
	t1=$(date +%s.%N)
	t=$(echo "$t1 - $t0" | bc)
	best=$(echo "if ($t < $best) $t else $best" | bc)
done
echo "check_5000_words_s: $best (best of 5, end to end)"
head -n 5 "$WORK/check.out" | sed 's/^/  /'
t0=$(date +%s.%N)
"$Q" --library "$LIB" check --json "$T" >"$WORK/check.json"
t1=$(date +%s.%N)
echo "check_5000_words_json_s: $(echo "$t1 - $t0" | bc)"

# 4. duplicates
/usr/bin/time -v "$Q" --library "$LIB" duplicates >"$WORK/dups.out" 2>"$WORK/dups.time"
echo "duplicates_s: $(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$WORK/dups.time")"
echo "duplicates_peak_rss_kb: $(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/dups.time")"
echo "duplicates_pairs: $(grep -c '%' "$WORK/dups.out" || true)"
