#!/bin/sh
# make_refs_papers.sh — papers whose bibliographies were rendered by real
# software, for measuring bibliography finding and entry splitting.
#
#   sh tools/make_refs_papers.sh [OUTDIR]   (default tests/fixtures/refs/generated)
#
# Every item of tests/fixtures/refs/known.json (invented references of every
# type, several languages) is rendered by pandoc's citeproc in each style
# below (Debian: pandoc, citation-style-language-styles), then laid out by
# tools/refs_papers.py under a short invented essay in several layouts
# (hard-wrapped, hanging or flat, blank lines inside entries, URLs broken
# across lines, numbered, sub-sections, no heading, page breaks), as
# labelled text: one "X|line" per line (see tools/splitscore.h).
# The output is committed so that the tests need neither pandoc nor the
# styles; run this again after changing known.json or the layouts.
# Score them with: build/tools/eval_split -v gen OUTDIR/*.txt
set -eu
cd "$(dirname "$0")/.."
OUT=${1:-tests/fixtures/refs/generated}
STYLES_DIR=/usr/share/citation-style-language/styles
KNOWN=tests/fixtures/refs/known.json
STYLES="chicago-author-date chicago-note-bibliography modern-language-association
apa harvard-cite-them-right ieee vancouver american-sociological-association
turabian-author-date modern-humanities-research-association din-1505-2
iso690-author-date-fr"
command -v pandoc >/dev/null || { echo "make_refs_papers: pandoc is missing" >&2; exit 1; }
[ -d "$STYLES_DIR" ] || { echo "make_refs_papers: $STYLES_DIR is missing (citation-style-language-styles)" >&2; exit 1; }
mkdir -p "$OUT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf -- '---\nnocite: "@*"\n---\n' > "$tmp/nocite.md"
for s in $STYLES; do
	pandoc "$tmp/nocite.md" --citeproc --bibliography="$KNOWN" \
		--csl="$STYLES_DIR/$s.csl" -t plain --wrap=none -o "$tmp/$s.txt"
	python3 tools/refs_papers.py "$s" "$tmp/$s.txt" "$KNOWN" "$OUT"
done
ls "$OUT" | wc -l | sed 's/$/ papers written/'
