#!/bin/sh
# make_citeproc_training.sh — labelled training references rendered by
# pandoc's citeproc in many CSL styles (issue 5, "More training data").
#
#   sh tools/make_citeproc_training.sh [MAX_ITEMS] [OUTDIR]
#        (defaults: 1500 items, build/refs)
#
# The AnyStyle XML training references of ../shared/data (the development
# split left out; bad.xml left out) become CSL-JSON items
# (tools/citeproc_training.py tocsl), pandoc renders every item in each
# style below, and each rendered string is aligned back to the known field
# values (citeproc_training.py align; ambiguous alignments are dropped).
# Output per style: OUTDIR/citeproc-STYLE.conll ("token<TAB>label", blank
# line between references; docs/REFERENCES.md) and OUTDIR/citeproc-STYLE.xml
# (AnyStyle XML, which tools/refs_data.c reads: refs_train FILE... takes
# them as they are).  Needs pandoc and citation-style-language-styles.
set -eu
cd "$(dirname "$0")/.."
MAX=${1:-1500}
OUT=${2:-build/refs}
DATA=${QUIRE_SHARED_DATA:-../shared/data}/references/anystyle-parser
STYLES_DIR=/usr/share/citation-style-language/styles
STYLES="chicago-author-date chicago-note-bibliography chicago-fullnote-bibliography
modern-language-association apa harvard-cite-them-right ieee vancouver
american-sociological-association american-political-science-association
american-anthropological-association turabian-author-date
modern-humanities-research-association din-1505-2 iso690-author-date-fr
iso690-author-date-de iso690-author-date-es iso690-numeric-en
elsevier-harvard springer-basic-author-date nature the-lancet
cambridge-university-press-author-date council-of-science-editors
association-for-computing-machinery chicago-author-date-de
chicago-author-date-fr deutsche-sprache histoire-et-mesure
universite-de-montreal-apa"
command -v pandoc >/dev/null || { echo "make_citeproc_training: pandoc is missing" >&2; exit 1; }
mkdir -p "$OUT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 tools/citeproc_training.py tocsl "$tmp/items.json" "$MAX" \
	"$DATA/core.xml" "$DATA/gold.xml" "$DATA/good.xml" "$DATA/ugly.xml"
printf -- '---\nnocite: "@*"\n---\n' > "$tmp/nocite.md"
for s in $STYLES; do
	[ -f "$STYLES_DIR/$s.csl" ] || { echo "skip $s (no such style)"; continue; }
	pandoc "$tmp/nocite.md" --citeproc --bibliography="$tmp/items.json" \
		--csl="$STYLES_DIR/$s.csl" -t json -o "$tmp/$s.json" 2>/dev/null || {
		echo "skip $s (pandoc failed)"; continue; }
	python3 tools/citeproc_training.py align "$tmp/items.json" "$tmp/$s.json" "$s" "$OUT"
done
