#!/bin/sh
# bench/run.sh BUILD_DIR — quire's benchmarks, each reported as a ratio to a
# reference tool run in the same script on the same files (ratios survive a
# noisy machine; absolute times don't).  Needs ../shared/data; says so and
# stops when it is missing.  Results go to stdout; bench/RESULTS.md records
# them with this command.
#
#   1. analysis throughput: the essays repeated to >= 200 MB, read + analysed
#      in process, against `wc -w` over the same files (target: <= 4x wc -w)
#   2. quire add of 1,000 papers (sandboxed reader + analysis + SQLite), against
#      quire analyze --json of the same papers (reader + analysis, no store)
set -eu
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
data="$top/../shared/data/essays/se-essays/texts"
if [ ! -d "$data" ]; then
	echo "bench: $data not found: benchmarks skipped (they need ../shared/data)"
	exit 0
fi
cd "$top"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ---- 1. analysis throughput vs wc -w
size=$(cat "$data"/*.txt | wc -c)
repeat=$(( (200000000 + size - 1) / size ))
echo "== analysis: $(ls "$data" | wc -l) essays ($size bytes) x $repeat = $((size * repeat / 1000000)) MB"
# wc -w over the same files the same number of times (files are in the page cache)
set -- "$data"/*.txt
i=0; args=""
: > "$tmp/list"
while [ $i -lt "$repeat" ]; do printf '%s\n' "$@" >> "$tmp/list"; i=$((i + 1)); done
cat "$@" > /dev/null
t0=$(date +%s.%N)
xargs wc -w < "$tmp/list" > /dev/null
t1=$(date +%s.%N)
wc_s=$(awk "BEGIN{print $t1 - $t0}")
t0=$(date +%s.%N)
LC_ALL=C xargs wc -w < "$tmp/list" > /dev/null
t1=$(date +%s.%N)
wcc_s=$(awk "BEGIN{print $t1 - $t0}")
res=$("$B/bench_analyze" "$repeat" "$@")
q_s=$(echo "$res" | sed 's/.*seconds=\([0-9.]*\).*/\1/')
echo "quire analysis: $res"
printf 'wc -w (UTF-8 locale %s): %.3f s   wc -w (C locale): %.3f s\n' "${LANG:-unset}" "$wc_s" "$wcc_s"
printf 'ratio quire/wc -w: %.2f (UTF-8 locale), %.2f (C locale)\n' \
	"$(awk "BEGIN{print $q_s / $wc_s}")" "$(awk "BEGIN{print $q_s / $wcc_s}")"

# ---- 1b. the same essays hard-wrapped at 72 columns with words hyphenated
# across line ends (extracted text looks like this): joining and dehyphenation
mkdir -p "$tmp/wrapped"
for f in "$data"/*.txt; do
	awk 'BEGIN { w = 72 }
	/^$/ { if (line != "") print line; print ""; line = ""; next }
	{ n = split($0, ws, " "); for (i = 1; i <= n; i++) {
		wd = ws[i]
		if (length(line) + 1 + length(wd) > w && length(wd) > 7 && wd ~ /^[a-z]+$/) {
			cut = int(length(wd) / 2); print line " " substr(wd, 1, cut) "-"; line = substr(wd, cut + 1)
		} else if (length(line) + 1 + length(wd) > w) { print line; line = wd }
		else line = (line == "" ? wd : line " " wd) } }
	END { if (line != "") print line }' "$f" > "$tmp/wrapped/$(basename "$f")"
done
set -- "$tmp"/wrapped/*.txt
: > "$tmp/wlist"
i=0
while [ $i -lt "$repeat" ]; do printf '%s\n' "$@" >> "$tmp/wlist"; i=$((i + 1)); done
t0=$(date +%s.%N)
xargs wc -w < "$tmp/wlist" > /dev/null
t1=$(date +%s.%N)
ww_s=$(awk "BEGIN{print $t1 - $t0}")
res=$("$B/bench_analyze" "$repeat" "$@")
qw_s=$(echo "$res" | sed 's/.*seconds=\([0-9.]*\).*/\1/')
echo "== wrapped and hyphenated at 72 columns"
echo "quire analysis: $res"
printf 'wc -w: %.3f s   ratio quire/wc -w: %.2f\n' "$ww_s" "$(awk "BEGIN{print $qw_s / $ww_s}")"

# ---- 2. quire add of 1,000 papers
echo "== quire add: 1,000 papers"
mkdir -p "$tmp/papers"
n=0
while [ $n -lt 1000 ]; do
	for f in "$data"/*.txt; do
		[ $n -lt 1000 ] || break
		# a distinct paper each time (the store refuses identical bytes)
		{ head -n 1 "$f"; echo; echo "Copy $n of this essay."; tail -n +2 "$f"; } > "$tmp/papers/p$n.txt"
		n=$((n + 1))
	done
done
t0=$(date +%s.%N)
"$B/quire" analyze --json "$tmp"/papers/*.txt > /dev/null
t1=$(date +%s.%N)
an_s=$(awk "BEGIN{print $t1 - $t0}")
t0=$(date +%s.%N)
"$B/quire" --library "$tmp/lib.quire" init > /dev/null
"$B/quire" --library "$tmp/lib.quire" add --quiet -r "$tmp/papers" > /dev/null
t1=$(date +%s.%N)
add_s=$(awk "BEGIN{print $t1 - $t0}")
printf 'quire analyze --json (1,000 papers, sandboxed reads): %.2f s = %.0f papers/s\n' "$an_s" "$(awk "BEGIN{print 1000 / $an_s}")"
printf 'quire add -r (1,000 papers, same + SQLite): %.2f s = %.0f papers/s\n' "$add_s" "$(awk "BEGIN{print 1000 / $add_s}")"
printf 'store share of add time: %.0f%%\n' "$(awk "BEGIN{print ($add_s - $an_s) * 100 / $add_s}")"
printf 'library file: %s bytes for %s bytes of text\n' "$(stat -c %s "$tmp/lib.quire")" "$(cat "$tmp"/papers/*.txt | wc -c)"
