#!/bin/sh
# bench/format_pdf.sh — PDF reading speed: quire analyze (sandboxed reader +
# analysis) against pdftotext (same engine) on the largest PDFs we have:
# ../shared/data/papers/pdf-acl (when present) and a big PDF generated from
# our own fixture text (tools/make_format_fixtures_pdf.sh's groff, 60 copies).
# Prints, per file: MB, pages, seconds and pages/s for each, the ratio, and
# peak memory (/usr/bin/time -v).  Usage: bench/format_pdf.sh [build-dir]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
B=${1:-build}
Q="$B/quire"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
files=""
for f in ../shared/data/papers/pdf-acl/*.pdf; do [ -f "$f" ] && files="$files $f"; done
if command -v groff >/dev/null 2>&1; then
	i=0
	: > "$tmp/big.ms"
	while [ $i -lt 60 ]; do
		awk 'NR==1{next} /^#/{sub(/^#+ /,""); print ".SH"; print; print ".PP"; next} /^$/{print ".PP"; next} {gsub(/[*^]/,""); print}' \
			tests/fixtures/coral-bleaching.md >> "$tmp/big.ms"
		i=$((i + 1))
	done
	groff -Kutf8 -ms -Tpdf "$tmp/big.ms" > "$tmp/big-generated.pdf" 2>/dev/null && files="$files $tmp/big-generated.pdf"
fi
now() { date +%s.%N; }
printf '%-24s %6s %5s %9s %9s %7s %9s %9s\n' file MB pages quire_s pdftot_s ratio quire_p/s peakKB
tq=0; tp=0
for f in $files; do
	mbs=$(awk -v b="$(stat -c %s "$f")" 'BEGIN{printf "%.2f", b/1048576}')
	pages=$(pdfinfo "$f" | awk '/^Pages:/{print $2}')
	t0=$(now); for _ in 1 2 3; do "$Q" analyze "$f" > /dev/null; done; t1=$(now)
	for _ in 1 2 3; do pdftotext "$f" - > /dev/null; done; t2=$(now)
	peak=$( { /usr/bin/time -v "$Q" analyze "$f" > /dev/null; } 2>&1 | awk '/Maximum resident/{print $6}')
	qs=$(echo "($t1 - $t0) / 3" | bc -l); ps=$(echo "($t2 - $t1) / 3" | bc -l)
	printf '%-24s %6s %5s %9.3f %9.3f %7.2f %9.0f %9s\n' "$(basename "$f")" "$mbs" "$pages" \
		"$qs" "$ps" "$(echo "$qs / $ps" | bc -l)" "$(echo "$pages / $qs" | bc -l)" "$peak"
	tq=$(echo "$tq + $qs" | bc -l); tp=$(echo "$tp + $ps" | bc -l)
done
printf 'total: quire %.3f s, pdftotext %.3f s, ratio %.2f\n' "$tq" "$tp" "$(echo "$tq / $tp" | bc -l)"
