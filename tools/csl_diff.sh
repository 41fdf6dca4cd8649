#!/bin/sh
# tools/csl_diff.sh [QUIRE] [OUTDIR] — differential test of quire's CSL
# processor against pandoc's citeproc (issue 7): the same CSL-JSON items
# and the same style files, formatted as a bibliography by both; prints
# the share of entries that match exactly per style, classifies the
# differences (case, punctuation, order, content) and writes every
# differing pair to OUTDIR/STYLE.diff (tools/csl_diff.py).
#
# Items: tests/fixtures/refs/known.json (64 hand-checked references) and
# up to $CSL_DIFF_MAX (default 2000) references of the AnyStyle gold data
# (../shared/data/references/anystyle-parser/gold.xml, training side only)
# converted to CSL-JSON by tools/citeproc_training.py tocsl.
# Styles: Chicago notes-bibliography, Chicago author-date, MLA and APA,
# from ../shared/data/csl/styles when there, else Debian's
# citation-style-language-styles.  Needs pandoc (Debian's, --citeproc).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
Q=${1:-$top/build/quire}
OUT=${2:-$top/build/csl-diff}
command -v pandoc >/dev/null || { echo "csl_diff: pandoc is missing" >&2; exit 1; }
[ -x "$Q" ] || { echo "csl_diff: $Q is not built (make)" >&2; exit 1; }
mkdir -p "$OUT"
shared="$top/../shared/data"
gold="$shared/references/anystyle-parser/gold.xml"
python3 - "$top/tests/fixtures/refs/known.json" "$OUT/known.json" <<'PY'
import json, sys
items = json.load(open(sys.argv[1]))
json.dump(items, open(sys.argv[2], "w"), ensure_ascii=False)
print("%d known items" % len(items))
PY
if [ -f "$gold" ]; then
	python3 "$top/tools/citeproc_training.py" tocsl "$OUT/gold.json" "${CSL_DIFF_MAX:-2000}" "$gold"
	sets="known gold"
else
	echo "csl_diff: $gold missing: only the known items"
	sets="known"
fi
styles=""
for s in chicago-notes-bibliography:chicago-note-bibliography \
	 chicago-author-date:chicago-author-date \
	 modern-language-association:modern-language-association apa:apa; do
	a=${s%%:*} b=${s#*:}
	if [ -f "$shared/csl/styles/$a.csl" ]; then
		styles="$styles $shared/csl/styles/$a.csl"
	else
		styles="$styles /usr/share/citation-style-language/styles/$b.csl"
	fi
done
for set in $sets; do
	echo "== $set items"
	# shellcheck disable=SC2086
	python3 "$top/tools/csl_diff.py" "$Q" "$OUT/$set.json" "$OUT/$set" $styles
done
