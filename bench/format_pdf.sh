#!/bin/sh
# bench/format_pdf.sh — PDF reading speed: quire analyze (sandboxed reader +
# analysis) against pdftotext (same engine) on the largest PDFs we have:
# ../shared/data/papers/pdf-acl (when present) and a big PDF generated from
# our own fixture text (groff -ms, 60 copies of tests/fixtures/coral-bleaching.md).
#
# Method: ROUNDS rounds (default 5); in each, for each file, a batch of
# BATCH runs (default 5) of `quire analyze FILE` and a batch of `pdftotext
# FILE -`, the order of the two swapped every round; /usr/bin/time gives
# each batch's wall time and CPU time (user + system, the sandboxed child
# included).  Per file the median batch of each is kept, divided by BATCH;
# the totals are sums of those medians, and the ratios are quire / pdftotext.
# On a loaded machine the CPU ratio is the steadier figure (a wall clock
# also counts the time others' processes held the cores; quire is two
# processes, parent and reader child, so it waits for the scheduler twice).
#
# A third batch times tools/read_only (the file sniffed and read by the
# sandboxed reader, as quire does, without the analysis that pdftotext
# does not do either); its totals are printed last.
#
# Prints, per file: MB, pages, quire and pdftotext seconds (wall and CPU),
# the ratios, pages/s and quire's peak memory (/usr/bin/time -v, the larger
# of the parent and the reader child).
# Usage: bench/format_pdf.sh [build-dir]      (ROUNDS=… BATCH=… in the environment)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
B=${1:-build}
Q="$top/$B/quire"
R="$top/$B/tools/read_only"
make -s B="$B" "$B/tools/read_only"
ROUNDS=${ROUNDS:-5}
BATCH=${BATCH:-5}
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

# batch WHAT FILE: one batch; appends "wall cpu" (seconds) to $tmp/WHAT.<n>
batch() {
	what=$1 f=$2 out=$3
	if [ "$what" = quire ]; then
		cmd='i=0; while [ $i -lt '"$BATCH"' ]; do "$0" analyze "$1" >/dev/null; i=$((i+1)); done'
		/usr/bin/time -f '%e %U %S' -o "$tmp/t" sh -c "$cmd" "$Q" "$f"
	elif [ "$what" = reader ]; then
		cmd='i=0; while [ $i -lt '"$BATCH"' ]; do "$0" "$1" >/dev/null; i=$((i+1)); done'
		/usr/bin/time -f '%e %U %S' -o "$tmp/t" sh -c "$cmd" "$R" "$f"
	else
		cmd='i=0; while [ $i -lt '"$BATCH"' ]; do pdftotext "$1" - >/dev/null; i=$((i+1)); done'
		/usr/bin/time -f '%e %U %S' -o "$tmp/t" sh -c "$cmd" sh "$f"
	fi
	awk -v n="$BATCH" '{printf "%.5f %.5f\n", $1 / n, ($2 + $3) / n}' "$tmp/t" >> "$out"
}
# median COLUMN FILE
median() {
	awk -v c="$1" '{print $c}' "$2" | sort -g | awk '{v[NR]=$1} END{printf "%.4f", NR % 2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'
}

printf '%-24s %5s %5s | %8s %8s %6s | %8s %8s %6s | %8s %8s\n' file MB pages \
	q_wall pt_wall ratio q_cpu pt_cpu ratio q_pages/s peakKB
n=0
for f in $files; do
	n=$((n + 1))
	: > "$tmp/q.$n"
	: > "$tmp/p.$n"
	: > "$tmp/r.$n"
	r=0
	while [ $r -lt "$ROUNDS" ]; do
		if [ $((r % 2)) -eq 0 ]; then
			batch quire "$f" "$tmp/q.$n"; batch pdftotext "$f" "$tmp/p.$n"
			batch reader "$f" "$tmp/r.$n"
		else
			batch reader "$f" "$tmp/r.$n"
			batch pdftotext "$f" "$tmp/p.$n"; batch quire "$f" "$tmp/q.$n"
		fi
		r=$((r + 1))
	done
	mbs=$(awk -v b="$(stat -c %s "$f")" 'BEGIN{printf "%.2f", b/1048576}')
	pages=$(pdfinfo "$f" | awk '/^Pages:/{print $2}')
	peak=$( { /usr/bin/time -v "$Q" analyze "$f" > /dev/null; } 2>&1 | awk '/Maximum resident/{print $6}')
	qw=$(median 1 "$tmp/q.$n"); pw=$(median 1 "$tmp/p.$n")
	qc=$(median 2 "$tmp/q.$n"); pc=$(median 2 "$tmp/p.$n")
	rw=$(median 1 "$tmp/r.$n"); rc=$(median 2 "$tmp/r.$n")
	echo "$qw $pw $qc $pc $rw $rc" >> "$tmp/sums"
	awk -v f="$(basename "$f")" -v mb="$mbs" -v pg="$pages" -v qw="$qw" -v pw="$pw" \
		-v qc="$qc" -v pc="$pc" -v peak="$peak" 'BEGIN{
		printf "%-24s %5s %5s | %8.3f %8.3f %6.2f | %8.3f %8.3f %6.2f | %8.0f %8s\n",
			f, mb, pg, qw, pw, qw / pw, qc, pc, qc / pc, pg / qw, peak }'
done
awk -v r="$ROUNDS" -v b="$BATCH" '{qw+=$1; pw+=$2; qc+=$3; pc+=$4} END{
	printf "total (medians of %d rounds of %d runs): wall quire %.3f s, pdftotext %.3f s, ratio %.2f;", r, b, qw, pw, qw / pw
	printf " CPU quire %.3f s, pdftotext %.3f s, ratio %.2f\n", qc, pc, qc / pc }' "$tmp/sums"
awk '{pw+=$2; pc+=$4; rw+=$5; rc+=$6} END{
	printf "reading alone (tools/read_only: sniff + sandboxed reader, no analysis): wall %.3f s, ratio %.2f; CPU %.3f s, ratio %.2f\n", rw, rw / pw, rc, rc / pc }' "$tmp/sums"
