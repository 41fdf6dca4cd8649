#!/bin/sh
# bench/format_office.sh — speed and peak memory of the DOCX and ODT
# readers: `quire analyze` (sandboxed reader + core analysis) against
# `pandoc -t plain` on the same files, in the same run.
#
# The input is built from our own fixtures (tests/fixtures/*.md, *.txt in
# UTF-8), each as a section of one Markdown file, repeated until it holds
# at least 1.2 MB of text (each cycle is longer than deflate's 32 KB
# window, so the archive compresses like real prose, far under zipx's
# 200:1 ratio limit); pandoc writes it as DOCX and ODT.  MB/s are MB of
# text (pandoc's plain output) per second of wall time, best of RUNS.
# Peak memory is /usr/bin/time -v's maximum resident set size.
#
# Usage: sh bench/format_office.sh   (env: QUIRE=build/quire RUNS=3)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
Q=${QUIRE:-build/quire}
RUNS=${RUNS:-3}
for tool in pandoc /usr/bin/time; do
	command -v "$tool" >/dev/null 2>&1 || { echo "needs $tool" >&2; exit 1; }
done
[ -x "$Q" ] || { echo "build $Q first (make)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

big=$tmp/big.md
printf -- '---\ntitle: A Long Miscellany for Benchmarks\nauthor: Quire Bench\n---\n' >"$big"
cycle=0
while [ "$(wc -c <"$big")" -lt 1300000 ]; do
	cycle=$((cycle + 1))
	for f in tests/fixtures/*.md tests/fixtures/*.txt; do
		iconv -f UTF-8 -t UTF-8 "$f" >/dev/null 2>&1 || continue
		printf '\n\n# Part %d: %s\n\n' "$cycle" "$(basename "$f")" >>"$big"
		# headings of the fixtures go one level down; front matter out
		sed -e '/^---$/,/^---$/d' -e 's/^#/##/' -e 's/\f//g' "$f" >>"$big"
	done
done

now() { date +%s.%N; }
best() { # best wall time of RUNS runs of "$@", output discarded
	b=""
	i=0
	while [ $i -lt "$RUNS" ]; do
		t0=$(now)
		if ! "$@" >/dev/null 2>"$tmp/err"; then
			echo "warning: $* failed: $(cat "$tmp/err")" >&2
		fi
		t1=$(now)
		t=$(echo "$t1 - $t0" | bc -l)
		if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
		i=$((i + 1))
	done
	echo "$b"
}
peak() { # peak RSS in MB of "$@"
	/usr/bin/time -v "$@" 2>&1 >/dev/null | awk '/Maximum resident/ {printf "%.1f", $6 / 1024}'
}

printf '%-5s %9s %9s %10s %10s %8s %10s %10s\n' fmt "file MB" "text MB" "quire s" "pandoc s" speedup "quire MB" "pandoc MB"
for fmt in docx odt; do
	f=$tmp/big.$fmt
	pandoc -f markdown -t "$fmt" -o "$f" "$big"
	pandoc -t plain "$f" -o "$tmp/plain.txt"
	text_mb=$(echo "$(wc -c <"$tmp/plain.txt") / 1048576" | bc -l)
	file_mb=$(echo "$(wc -c <"$f") / 1048576" | bc -l)
	"$Q" analyze "$f" >/dev/null || { echo "quire analyze failed on $f" >&2; exit 1; }
	tq=$(best "$Q" analyze "$f")
	tp=$(best pandoc -t plain "$f")
	mq=$(peak "$Q" analyze "$f")
	mp=$(peak pandoc -t plain "$f")
	printf '%-5s %9.2f %9.2f %10.3f %10.3f %7.1fx %10s %10s\n' "$fmt" "$file_mb" "$text_mb" \
		"$tq" "$tp" "$(echo "$tp / $tq" | bc -l)" "$mq" "$mp"
	printf '      quire %.1f MB/s, pandoc %.2f MB/s of text\n' \
		"$(echo "$text_mb / $tq" | bc -l)" "$(echo "$text_mb / $tp" | bc -l)"
done
