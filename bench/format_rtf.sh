#!/bin/sh
# bench/format_rtf.sh [BUILD_DIR] — speed and peak memory of the RTF reader:
# `quire analyze` (sandboxed reader + analysis) against `pandoc -f rtf -t
# plain` on the same files, in the same run.  Two inputs, each holding
# more than 1 MB of text, made from our own fixtures (nothing from
# ../shared/data):
#   pandoc.rtf  tests/fixtures/*.md repeated, converted once by pandoc
#               (light markup: one group per paragraph, \uN escapes)
#   lo.rtf      the bodies of the LibreOffice fixtures of
#               tests/fixtures/formats/rtf repeated under one header
#               (heavy markup: \rtlch\af…\loch on every paragraph, styles)
# MB/s is of the RTF file's bytes; the text size is what pandoc extracts.
# Peak memory is /usr/bin/time's maximum resident set size.
# Needs pandoc (skipped with a message without it) and /usr/bin/time.
set -eu
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
quire="$B/quire"
[ -x "$quire" ] || { echo "bench: $quire not built (make)"; exit 1; }
command -v pandoc > /dev/null || { echo "bench: pandoc not installed: skipped"; exit 0; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time missing: skipped"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# ---- the inputs
: > "$tmp/big.md"
while [ "$(wc -c < "$tmp/big.md")" -lt 1400000 ]; do
	for md in tests/fixtures/*.md; do
		[ "$(basename "$md")" = README.md ] && continue
		cat "$md" >> "$tmp/big.md"
		printf '\n\n' >> "$tmp/big.md"
	done
done
pandoc -s -f markdown -t rtf "$tmp/big.md" -o "$tmp/pandoc.rtf"

lo=tests/fixtures/formats/rtf/coral-bleaching.lo.rtf
# header: the lines before the body, which LibreOffice opens with the
# footnote separator line "{\*\ftnsep…"; body: from there to the last '}'
head=$(grep -n '^{\\\*\\ftnsep' "$lo" | head -n 1 | cut -d: -f1)
head -n $((head - 1)) "$lo" > "$tmp/lo.rtf"
tail -n +"$head" "$lo" | sed '$ s/}[[:space:]]*$//' > "$tmp/lo-body.rtf"
i=0
while [ "$(wc -c < "$tmp/lo.rtf")" -lt 4000000 ]; do
	cat "$tmp/lo-body.rtf" >> "$tmp/lo.rtf"
	i=$((i + 1))
done
echo "}" >> "$tmp/lo.rtf"

# ---- one measurement: prints seconds and peak KB of a command
measure() { # $1 label, $2 file, then the command
	label=$1 file=$2
	shift 2
	/usr/bin/time -f '%e %M' -o "$tmp/time" "$@" > "$tmp/out" 2> "$tmp/err" || {
		echo "bench: $label failed:"; cat "$tmp/err"; exit 1; }
	read -r secs kb < "$tmp/time"
	bytes=$(wc -c < "$file")
	mbs=$(awk -v b="$bytes" -v s="$secs" 'BEGIN { if (s < 0.01) s = 0.01; printf "%.1f", b / 1e6 / s }')
	printf '  %-8s %6.2f s  %7s MB/s  peak %6d MB\n' "$label" "$secs" "$mbs" $((kb / 1024))
	eval "${label}_secs=$secs"
}

for f in pandoc lo; do
	file="$tmp/$f.rtf"
	pandoc -f rtf -t plain "$file" -o "$tmp/$f.txt"
	printf '== %s.rtf: %s bytes of RTF, %s bytes / %s words of text (pandoc plain)\n' \
		"$f" "$(wc -c < "$file")" "$(wc -c < "$tmp/$f.txt")" "$(wc -w < "$tmp/$f.txt")"
	measure quire "$file" "$quire" analyze "$file"
	grep -m 1 -i 'words' "$tmp/out" | sed 's/^/           quire: /' || true
	measure pandoc "$file" pandoc -f rtf -t plain "$file"
	awk -v q="$quire_secs" -v p="$pandoc_secs" \
		'BEGIN { if (q < 0.01) q = 0.01; printf "  quire is %.1fx pandoc\n", p / q }'
done
