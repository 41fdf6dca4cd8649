#!/bin/sh
# search_instr.sh — the instructions a round of search queries costs, two
# builds side by side: valgrind's cachegrind counts instructions, which do
# not wander with the machine's speed as wall time does (a shared 2-core
# machine's wall time moved by half within minutes).
#
#   sh bench/search_instr.sh OLD_BENCH_SEARCH NEW_BENCH_SEARCH LIB [QUERIES]
#
# OLD_ and NEW_BENCH_SEARCH are two builds of build/tools/bench_search (an
# older commit's from a git worktree, say); LIB a library (the 100,000-paper
# one of search.sh); QUERIES a query file (default bench/queries/search.tsv;
# any subset of its lines).  Per build: a run of 3 timed rounds minus a run
# of 1, halved — the instructions of one round of the queries through
# srch_search (20 hits, snippets, the exact total), opening the library left
# out.  About 1 min per build for the 400 queries at 100,000 papers.
# Needs: valgrind.
set -eu
[ $# -ge 3 ] || { echo "usage: $0 OLD_BENCH_SEARCH NEW_BENCH_SEARCH LIB [QUERIES]" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "$0: needs valgrind (apt-get install -y valgrind)" >&2; exit 2; }
Q=${4:-bench/queries/search.tsv}
ir() {
	valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
		"$1" quire "$3" "$Q" 1 "$2" 2>&1 >/dev/null | sed -n 's/.*I *refs: *//p' | tr -d ,
}
for b in "$1" "$2"; do
	one=$(ir "$b" 1 "$3")
	three=$(ir "$b" 3 "$3")
	echo "$b: $(( (three - one) / 2 / 1000000 )) M instructions a round of $(grep -c . "$Q") queries"
done
