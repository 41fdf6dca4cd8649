#!/bin/sh
# bench/search.sh — the speed of search (issue 6), in one command:
#
#   sh bench/search.sh            (N=100000 papers; N=20000 for a quick run)
#
# 1. The corpus: N papers recombined from ../shared/data (essays, IR
#    abstracts; how, in tools/make_big_library.c), built once into a quire
#    library through the store API (st_add: analysis, store and search
#    index, as `quire add` does) and cached under build/bench-corpus/.  The
#    library is rebuilt when tools/make_big_library.c, src/search, src/store
#    or src/formats/ingest.c change (its build time is a figure); the plain
#    text dump and the other engines' indexes only when the corpus changes.
# 2. Index build time (total add time, and the index's share: st_reindex,
#    quire's own index ix rebuilt over the same library; with LIB=… an
#    older library, whose opening builds ix by migration 7), index size
#    against the size of the text.
# 3. Query latency in process, p50 / p90 / p99, one client and two
#    concurrent clients, over the 400 queries of bench/queries/search.tsv
#    (rare, medium and common words, two and three words, phrases,
#    prefixes, filters on year, tag, format and length): quire's
#    srch_search (tools/bench_search.c, as an admin, 20 hits with snippets
#    and the total), plain SQLite FTS5 with bm25() and snippet() on the
#    same text (tools/bench_search.c), Xapian with BM25 and MSet::snippet
#    (bench/xapian_driver.cc, built here with libxapian-dev).
# 4. Over HTTP: wrk, 2 threads, 64 connections, DUR seconds (default 20;
#    a 30 s timeout, so slow answers are counted, not dropped)
#    against `quire serve --no-cache` (every request runs the engine) and
#    `quire serve` (the page cache on: one cold run from an empty cache,
#    then the measured warm run), GET /api/v1/search rotating the
#    queries (bench/search_wrk.lua); p50 / p99.
# 5. Memory: the server's VmHWM after the HTTP load.
#
# Targets (issue 6): in process p99 < 10 ms at 100,000 papers, ahead of
# FTS5 and Xapian; index build within 2x of FTS5's; over HTTP at 64
# connections p99 < 20 ms.  The summary (targets met or not, and where the
# time goes) is printed first, the details after.  PROFILE=1 adds a perf
# profile of quire's engine on the slowest kinds of query.
#
# Needs: wrk, libxapian-dev, xapian-tools, python3, curl, g++ (and perf for
# PROFILE=1): apt-get install -y wrk libxapian-dev xapian-tools curl g++
# linux-perf.  See bench/README.md.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
N=${N:-100000}
DUR=${DUR:-20}
ROUNDS=${ROUNDS:-2}
DATA=${DATA:-$here/../shared/data}
PROFILE=${PROFILE:-0}
XAPIAN=${XAPIAN:-1}
B=build
C=$B/bench-corpus
QUERIES=${QUERIES:-bench/queries/search.tsv}

for t in wrk curl python3 g++ xapian-config; do
	command -v $t >/dev/null 2>&1 || {
		echo "bench/search: $t not found (apt-get install -y wrk libxapian-dev xapian-tools curl g++)" >&2
		exit 1
	}
done
[ -d "$DATA/essays" ] || { echo "bench/search: no $DATA/essays" >&2; exit 1; }

T=$(mktemp -d /tmp/quire-bench-search.XXXXXX)
PIDS=""
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null || true; done
	for p in $PIDS; do wait "$p" 2>/dev/null || true; done
	rm -rf "$T"
}
trap cleanup EXIT INT TERM
OUT=$T/details
: >"$OUT"
say() { echo "$*" >>"$OUT"; echo "$*" >&2; }

# ---- programs --------------------------------------------------------------
make -s $B/quire >&2 || { [ -x $B/quire ] && echo "bench/search: make failed; using the last $B/quire" >&2; }
[ -x $B/quire ] || { echo "bench/search: no $B/quire" >&2; exit 1; }
# tools: through make, or linked by hand when another module's file stops
# the web library from building (the tools need only the core and io libs)
tool() {
	make -s $B/tools/$1 >/dev/null 2>&1 && return 0
	make -s $B/libquire_io.a $B/libquire.a >&2
	mkdir -p $B/tools
	cc $(make -s --eval 'print-%: ; @echo $($*)' print-CFLAGS_ALL) tools/$1.c -o $B/tools/$1 \
		$B/libquire_io.a $B/libquire.a $(make -s --eval 'print-%: ; @echo $($*)' print-LIBS) -lpthread
}
tool make_big_library
tool bench_search
g++ -O2 -std=c++17 -o $B/xapian_driver bench/xapian_driver.cc $(xapian-config --cxxflags --libs) -pthread
BS=$B/tools/bench_search

# ---- the corpus (cached) ---------------------------------------------------
mkdir -p $C
K1=$( { echo "$N"; cat tools/make_big_library.c; } | sha256sum | cut -c1-12)
K2=$( { echo "$K1"; cat src/search/*.c src/search/*.h src/store/*.c src/store/*.h src/formats/ingest.c; } | sha256sum | cut -c1-12)
DUMP=$C/corpus-$N-$K1.tsv
LIB=${LIB:-$C/lib-$N-$K2.quire}
if [ ! -s "$LIB.done" ] && [ -s "$LIB" ] && [ -s "$LIB.build" ]; then
	# LIB=… given with the output of its make_big_library run in LIB.build
	# (a library built earlier, opened, so migrated, by this quire)
	{ cat "$LIB.build"; $BS quire-index "$LIB"; } >"$LIB.done"
fi
if [ ! -s "$LIB.done" ]; then
	say "building the corpus library: $N papers (several minutes at 100,000)"
	rm -f "$LIB" "$LIB-wal" "$LIB-shm" "$LIB.done"
	for old in $C/lib-$N-*.quire; do [ -e "$old" ] && rm -f "$old" "$old-wal" "$old-shm" "$old.done"; done
	if [ -s "$DUMP" ]; then
		$B/tools/make_big_library "$LIB" "$N" --data "$DATA" >"$T/build.txt"
	else
		$B/tools/make_big_library "$LIB" "$N" --data "$DATA" --dump "$DUMP.tmp" >"$T/build.txt"
		mv "$DUMP.tmp" "$DUMP"
	fi
	$BS quire-index "$LIB" >>"$T/build.txt"
	mv "$T/build.txt" "$LIB.done"
fi
[ -s "$QUERIES" ] || python3 bench/queries/make_queries.py "$DUMP" >"$QUERIES"
FTS=$C/fts5-$N-$K1.db
if [ ! -s "$FTS.done" ]; then
	say "building the plain FTS5 index"
	$BS fts5-build "$DUMP" "$FTS" >"$FTS.done.tmp" && mv "$FTS.done.tmp" "$FTS.done"
fi
XAP=$C/xapian-$N-$K1
if [ "$XAPIAN" = 1 ] && [ ! -s "$XAP.done" ]; then
	say "building the Xapian index (slow: about 10 minutes at 100,000)"
	rm -rf "$XAP"
	$B/xapian_driver build "$DUMP" "$XAP" >"$XAP.done.tmp" && mv "$XAP.done.tmp" "$XAP.done"
fi

# ---- build time and size ---------------------------------------------------
get() { awk -v k="$1:" '$1 == k {print $2}' "$LIB.done"; }
text_bytes=$(get text_bytes)
analyse_s=$(get analyse_s)
store_s=$(get store_s)
qline=$(grep '^quire index:' "$LIB.done")
q_index=$(echo "$qline" | awk '{print $3}')
q_lib=$(echo "$qline" | awk '{print $9}')
q_rebuild=$(echo "$qline" | awk '{print $12}')
q_open=$(echo "$qline" | awk '{print $15}')
f_build=$(awk '{print $6}' "$FTS.done")
f_size=$(awk '{print $9}' "$FTS.done")
x_build=$(awk '{print $6}' "$XAP.done" 2>/dev/null || true)
x_size=$(du -sb "$XAP" 2>/dev/null | cut -f1 || true)
mb() { awk -v b="$1" 'BEGIN { printf "%.0f MB", b / 1048576 }'; }
pc() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f%%", 100 * a / b }'; }
say "== build and size ($N papers, text $(mb "$text_bytes"))"
say "quire: add $N papers: analysis ${analyse_s} s + store ${store_s} s (store = library row, file, search index, fingerprints); the search index alone (st_reindex of ix): ${q_rebuild} s (opening the library: ${q_open} s, with migration 7's build of ix on an older library); index $(mb "$q_index") = $(pc "$q_index" "$text_bytes") of the text; library file $(mb "$q_lib") (with the original files)"
say "fts5:  build ${f_build} s; file $(mb "$f_size") = $(pc "$f_size" "$text_bytes") of the text (index + a copy of the text)"
[ "$XAPIAN" = 1 ] && say "xapian: build ${x_build} s; database $(mb "$x_size") = $(pc "$x_size" "$text_bytes") of the text (index + positions + a copy of the text for snippets)"

# ---- in process ------------------------------------------------------------
say ""
say "== in process: $(wc -l <"$QUERIES") queries x $ROUNDS rounds per client, after one warm-up round"
run() { "$@" >"$T/run.txt"; cat "$T/run.txt" >>"$OUT"; cat "$T/run.txt" >&2; head -1 "$T/run.txt" >>"$T/lines"; }
: >"$T/lines"
run $BS quire "$LIB" "$QUERIES" 1 "$ROUNDS"
run $BS quire "$LIB" "$QUERIES" 2 "$ROUNDS"
run $BS fts5 "$FTS" "$QUERIES" 1 "$ROUNDS"
run $BS fts5 "$FTS" "$QUERIES" 2 "$ROUNDS"
if [ "$XAPIAN" = 1 ]; then
	run $B/xapian_driver query "$XAP" "$QUERIES" 1 "$ROUNDS"
	run $B/xapian_driver query "$XAP" "$QUERIES" 2 "$ROUNDS"
	run env XAPIAN_SNIPPETS=0 $B/xapian_driver query "$XAP" "$QUERIES" 1 "$ROUNDS"
fi

# ---- over HTTP, and memory ---------------------------------------------------
freeport() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
http() { # NAME [serve options]
	name=$1
	shift
	port=$(freeport)
	$B/quire --library "$LIB" serve --port "$port" "$@" >"$T/serve.log" 2>&1 &
	spid=$!
	PIDS="$PIDS $spid"
	i=0
	until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -gt 600 ] && { say "$name: the server did not start"; cat "$T/serve.log" >&2; return 1; }
		sleep 0.1
	done
	rss0=$(awk '/^VmRSS/ {print $2}' /proc/$spid/status)
	if [ "$name" = cache ]; then
		# a first run of the same length from a cold cache (every query
		# a miss once, on every worker), reported as "cache-cold"; the
		# measured run after it is the warm cache's steady state
		w=$(wrk -t2 -c64 -d"${DUR}s" --timeout 30s --latency -s bench/search_wrk.lua "http://127.0.0.1:$port" -- "$here/$QUERIES" 2>&1)
		say "http cache-cold: $(echo "$w" | awk '/^Requests\/sec/ {print $2}') req/s, $(echo "$w" | grep '^wrk-summary:' | sed 's/^wrk-summary: //')"
		echo "http cache-cold $(echo "$w" | grep '^wrk-summary:' | sed 's/^wrk-summary: //')" >>"$T/lines"
	fi
	w=$(wrk -t2 -c64 -d"${DUR}s" --timeout 30s --latency -s bench/search_wrk.lua "http://127.0.0.1:$port" -- "$here/$QUERIES" 2>&1)
	rps=$(echo "$w" | awk '/^Requests\/sec/ {print $2}')
	sum=$(echo "$w" | grep '^wrk-summary:' | sed 's/^wrk-summary: //')
	non2xx=$(echo "$w" | awk '/Non-2xx/ {print $NF}')
	hwm=$(awk '/^VmHWM/ {print $2}' /proc/$spid/status)
	rss=$(awk '/^VmRSS/ {print $2}' /proc/$spid/status)
	say "http $name: $rps req/s, $sum${non2xx:+, non-2xx $non2xx}; server RSS at start $((rss0 / 1024)) MB, after $((rss / 1024)) MB, VmHWM $((hwm / 1024)) MB"
	echo "http $name $sum" >>"$T/lines"
	kill "$spid" 2>/dev/null || true
	wait "$spid" 2>/dev/null || true
}
say ""
say "== over HTTP: wrk -t2 -c64 -d${DUR}s, GET /api/v1/search (anonymous), queries rotating"
http no-cache --no-cache
http cache

# ---- profile ---------------------------------------------------------------
if [ "$PROFILE" = 1 ] && command -v perf >/dev/null 2>&1; then
	say ""
	say "== perf: quire's engine, one client, the whole query list"
	perf record -F 999 --call-graph dwarf,16384 -o "$T/perf.data" $BS quire "$LIB" "$QUERIES" 1 1 >/dev/null 2>&1 || true
	perf report -i "$T/perf.data" --children --percent-limit 4 --stdio -g none 2>/dev/null |
		grep -E '^ +[0-9]' | head -40 >"$T/perf.txt" || true
	cat "$T/perf.txt" >>"$OUT"
fi

# ---- summary first -----------------------------------------------------------
val() { # LINE-PREFIX FIELD
	awk -v p="$1" -v f="$2" 'index($0, p) == 1 { for (i = 1; i <= NF; i++) if (index($i, f "=") == 1) { v = substr($i, length(f) + 2); sub("ms", "", v); print v; exit } }' "$T/lines"
}
q1=$(val "quire clients=1" p99); q2=$(val "quire clients=2" p99)
f1=$(val "fts5 clients=1" p99); f2=$(val "fts5 clients=2" p99)
x1=$(val "xapian clients=1" p99); x2=$(val "xapian clients=2" p99)
h1=$(val "http no-cache" p99)
h2=$(val "http cache " p99)
h3=$(val "http cache-cold" p99)
verdict() { awk "BEGIN { exit !($1) }" 2>/dev/null && echo met || echo MISSED; }
echo "== search benchmark: $N papers, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
cat <<'FINDINGS'
Findings of the last profile (perf, 100,000 papers, engine of 2026-11-27,
index format 4; see bench/RESULTS.md): a query costs in proportion to the
postings ix must decode: ix's query loop, block decoding and scoring
~30%; reading postings rows and the hits' texts from the library ~20%;
snippets ~10%; the access rule and filters ~5%.  Phrases read the pairs
of common words ("is the", "the number") instead of every paper's "the".
The slowest kinds are now prefixes (up to 64 terms merged into one list)
and pairs of frequent words; the index build is slowest where the pairs
make most terms rare (a row per term per flush).
FINDINGS
echo "target p99 < 10 ms in process: quire 1 client ${q1} ms, 2 clients ${q2} ms -> $(verdict "$q1 < 10 && $q2 < 10")"
echo "target ahead of FTS5 (p99, 1 / 2 clients): fts5 ${f1} / ${f2} ms -> $(verdict "$q1 < $f1 && $q2 < $f2")"
[ -n "$x1" ] && echo "target ahead of Xapian (p99, 1 / 2 clients): xapian ${x1} / ${x2} ms -> $(verdict "$q1 < $x1 && $q2 < $x2")"
echo "target index build within 2x of FTS5's: quire index ${q_rebuild} s vs fts5 ${f_build} s -> $(verdict "$q_rebuild <= 2 * $f_build")"
echo "target HTTP p99 < 20 ms at 64 connections (no cache): ${h1} ms -> $(verdict "$h1 < 20")"
echo "  the same with the page cache, warm (the query list repeats): ${h2} ms -> $(verdict "$h2 < 20"); its first, cold run: ${h3} ms"
if [ -s "$T/perf.txt" ]; then
	echo "where quire's time goes (perf, inclusive, top entries):"
	grep -v -E 'clone3|start_thread|thread_main|run_quire|_start|main$|__libc' "$T/perf.txt" | head -14
fi
echo
cat "$OUT"
