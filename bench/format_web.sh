#!/bin/sh
# bench/format_web.sh — speed of the HTML and EPUB readers against pandoc.
#
# Builds one HTML page and one EPUB book holding more than 1 MB of text
# from our own fixtures (tests/fixtures/*.md repeated, made with pandoc),
# then times `quire analyze` (sandboxed reader + analysis) and
# `pandoc -t plain` on each, in the same run, and reports MB/s of input
# and peak memory (/usr/bin/time -v).
# Usage: sh bench/format_web.sh [path/to/quire]   (default build/quire)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
QUIRE=${1:-build/quire}
command -v pandoc >/dev/null || { echo "pandoc is not installed" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is not installed (Debian: time)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# a > 1 MB Markdown paper: the Markdown fixtures, bodies repeated
{
	echo "# A Long Paper Made of Our Fixtures"
	echo
	i=0
	while [ $i -lt 130 ]; do
		for f in tests/fixtures/coral-bleaching.md tests/fixtures/iron-bridges-notes.md \
			 tests/fixtures/silk-road-lutes.md; do
			echo "## Part $i of $(basename "$f" .md)"
			echo
			sed '1,/^$/d; s/^#/###/' "$f"
			echo
		done
		i=$((i + 1))
	done
} > "$tmp/big.md"
pandoc -f markdown -s -t html5 --metadata title=Long "$tmp/big.md" -o "$tmp/big.html"
pandoc -f markdown -t epub3 --metadata title=Long "$tmp/big.md" -o "$tmp/big.epub"

mbs() { # bytes seconds
	awk -v b="$1" -v s="$2" 'BEGIN { if (s <= 0) s = 0.001; printf "%.2f", b / 1048576 / s }'
}

run() { # label bytes command...
	label=$1; bytes=$2; shift 2
	/usr/bin/time -v "$@" > "$tmp/out" 2> "$tmp/time" || { echo "$label: failed"; cat "$tmp/time"; return; }
	wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/time" |
		awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time")
	printf '%-22s %8.2f s %8s MB/s %8d KB peak\n' "$label" "$wall" "$(mbs "$bytes" "$wall")" "$rss"
}

for f in "$tmp/big.html" "$tmp/big.epub"; do
	# MB/s are of text (pandoc's plain output), so a compressed EPUB
	# and an HTML page compare alike
	bytes=$(pandoc -t plain "$f" | wc -c)
	words=$(pandoc -t plain "$f" | wc -w)
	echo "$(basename "$f"): $(wc -c < "$f") bytes on disk, $bytes bytes / $words words of text"
	run "quire analyze" "$bytes" "$QUIRE" analyze "$f"
	run "pandoc -t plain" "$bytes" pandoc -t plain "$f"
done
