#!/bin/sh
# refs_wapiti_eval.sh — upstream Wapiti against quire's labeller on the very
# same split, tokens, labels and scorer (issue 5, "ahead of a Wapiti CRF
# trained on the same shared data").
#
#   sh bench/refs_wapiti_eval.sh [WAPITI] [BUILD]      (BUILD default: build)
#
# WAPITI is a wapiti binary (1.5.0) built OUTSIDE the repository (its code
# is never committed); default $WAPITI, else /tmp/wapiti/wapiti.  Skipped
# with a message when it, the data (../shared/data/references, or
# $QUIRE_SHARED_DATA/references) or BUILD/tools/refs_eval is missing.
#
# What it does, every step through quire's own loader and scorer
# (tools/refs_data.c, tools/refs_eval.c):
#  1. `refs_eval --words --train-split` exports the white-space words and
#     gold labels (quire's label table, no --harmonise) of the training and
#     development parts of every anystyle-parser (bad.xml included),
#     grobid-citation, cora and parscit-* file — the data the README's
#     Wapiti baseline was trained on, minus quire's test half (rd_is_dev 2),
#     i.e. what `refs_train` trains on by default for those files;
#     bench/refs_wapiti_columns.py turns them into AnyStyle-like observation
#     columns, bench/refs_wapiti.pat windows them -2..+2.
#  2. Wapiti is trained once with its defaults (L-BFGS/OWL-QN, rho1 0.5,
#     rho2 0.0001, until its own convergence test stops it; -t
#     $WAPITI_THREADS, default 2; $WAPITI_ITER caps the iterations), under
#     nice.  Iterations and wall time are printed.
#  3. For each dataset the test half (`--words --test`) is labelled by
#     Wapiti (`label -l`), and `refs_eval --test --fields --pred` scores its
#     labels by the same code that scores quire: the dataset's line is the
#     "ALL <kind>" line of that call, one line per file above it.
#  4. quire's shipped model (refs/model/quire-refs.crf, or $QUIRE_MODEL) is
#     scored on the same test halves (`refs_eval --test --fields -m`);
#     $QUIRE_CMP_MODEL, when set, is scored too (the "comparison model"
#     trained like the baseline with the LGPL files, docs/REFERENCES.md).
#  4b. With $WAPITI_QUIRE_SAME=1, quire is also trained on exactly
#     Wapiti's training set (`refs_train --iter 80 --l1 0.5 --l2 0.001`,
#     `make train`'s settings, without --harmonise and without leaving out
#     bad.xml and the LGPL files, -t $WAPITI_THREADS) and scored: the
#     same-data comparison of the two labellers (not shipped; it takes as
#     long as `make train`).
#     Each dataset's difference quire − Wapiti comes with a 95 % paired
#     bootstrap interval over its references (`refs_eval --vs`): an
#     interval that holds 0 means that set cannot tell the two apart.
#  5. LinkedBooks alone, as the baseline did: Wapiti trained on
#     LinkedBooks' training part (`--tune-split`, what quire's
#     LinkedBooks-only model, `refs_train --tune`, was trained on), scored
#     on its test half; $QUIRE_LB_MODEL, when set, is that quire model.
#
# $WAPITI_WORK keeps every file there (words, columns, models, logs,
# predictions, scores) and reuses a model already there, so scoring can be
# repeated without training again; by default a temporary folder is used
# and removed.  $WAPITI_SKIP_LB=1 leaves out step 5.  The side-by-side table
# at the end is markdown: F1 / token accuracy / whole-reference.
set -eu
cd "$(dirname "$0")/.."
WAPITI=${1:-${WAPITI:-/tmp/wapiti/wapiti}}
B=${2:-build}
D=${QUIRE_SHARED_DATA:-../shared/data}/references
THREADS=${WAPITI_THREADS:-2}
ITER=${WAPITI_ITER:-}
QM=${QUIRE_MODEL:-refs/model/quire-refs.crf}
EVAL=$B/tools/refs_eval
if [ ! -x "$WAPITI" ]; then
	echo "refs_wapiti_eval: no wapiti binary at $WAPITI; skipped (build Wapiti in a scratch folder and pass its path)"
	exit 0
fi
if [ ! -d "$D/anystyle-parser" ] || [ ! -d "$D/grobid-citation" ]; then
	echo "refs_wapiti_eval: $D missing; skipped"
	exit 0
fi
if [ ! -x "$EVAL" ]; then
	echo "refs_wapiti_eval: $EVAL not built; skipped (make $EVAL)"
	exit 0
fi
if [ -n "${WAPITI_WORK:-}" ]; then
	W=$WAPITI_WORK
	mkdir -p "$W"
else
	W=$(mktemp -d)
	trap 'rm -rf "$W"' EXIT
fi
COLS="python3 bench/refs_wapiti_columns.py words"
PAT=bench/refs_wapiti.pat

now() { date +%s.%N; }

# train NAME SPLIT FILE...: a Wapiti model $W/NAME.model from the words of
# SPLIT (--train-split or --tune-split) of the files
train() {
	name=$1 split=$2
	shift 2
	"$EVAL" --words "$split" "$@" > "$W/$name.train.words"
	$COLS "$W/$name.train.words" > "$W/$name.train.txt"
	nref=$(grep -c '^$' "$W/$name.train.words" || true)
	ntok=$(grep -vc '^$' "$W/$name.train.words" || true)
	if [ -s "$W/$name.model" ]; then
		echo "wapiti $name: model kept in $W/$name.model ($nref references, $ntok tokens; not trained again)"
		return
	fi
	echo "wapiti $name: training on $nref references, $ntok tokens ($split), $THREADS threads ..."
	t0=$(now)
	# shellcheck disable=SC2086
	nice -n 10 "$WAPITI" train -t "$THREADS" ${ITER:+-i $ITER} -p "$PAT" \
		"$W/$name.train.txt" "$W/$name.model" > "$W/$name.train.log" 2>&1
	t1=$(now)
	it=$(grep -c '^ *\[ *[0-9]*\]' "$W/$name.train.log" || true)
	awk -v a="$t0" -v b="$t1" -v n="$name" -v it="$it" -v th="$THREADS" 'BEGIN {
		s = b - a; printf "wapiti %s: %d iterations in %d min %02d s wall (%d threads, nice 10)\n", n, it, s / 60, s % 60, th }' |
		tee "$W/$name.time"
}

# score NAME MODEL LABEL FILE...: Wapiti's labels of the test half of the
# files, scored by refs_eval into $W/LABEL.wapiti; quire's into $W/LABEL.quire
score() {
	name=$1 model=$2 label=$3
	shift 3
	"$EVAL" --words --test "$@" > "$W/$label.test.words"
	$COLS "$W/$label.test.words" > "$W/$label.test.txt"
	t0=$(now)
	"$WAPITI" label -l -m "$W/$model.model" "$W/$label.test.txt" "$W/$label.pred" 2> "$W/$label.label.log"
	t1=$(now)
	ntok=$(grep -vc '^$' "$W/$label.test.words" || true)
	awk -v a="$t0" -v b="$t1" -v n="$ntok" -v l="$label" 'BEGIN {
		printf "wapiti label %s: %d tokens in %.2f s wall, model load included\n", l, n, b - a }' >> "$W/speed.txt"
	"$EVAL" --test --fields --pred "$W/$label.pred" "$@" > "$W/$label.wapiti"
	"$EVAL" --test --fields -m "$name" "$@" > "$W/$label.quire"
	# the difference, reference by reference, with a paired bootstrap
	# interval (refs_eval --vs)
	"$EVAL" --test -m "$name" --vs "$W/$label.pred" "$@" | sed -n '/^paired/,$p' > "$W/$label.paired"
	if [ -n "${QUIRE_CMP_MODEL:-}" ] && [ "$label" != linkedbooks ]; then
		"$EVAL" --test --fields -m "$QUIRE_CMP_MODEL" "$@" > "$W/$label.cmp"
	fi
	if [ "${WAPITI_QUIRE_SAME:-0}" = 1 ] && [ "$label" != linkedbooks ]; then
		"$EVAL" --test --fields -m "$W/quire-same.crf" "$@" > "$W/$label.same"
	fi
	# GROBID in its own keyword convention too (refs_eval --native-keywords:
	# "In", "pp.", "Vol.", "No.", "eds." moved out of the fields a labeller
	# put them in), every labeller's predictions alike
	if [ "$label" = grobid ]; then
		"$EVAL" --test --fields --native-keywords --pred "$W/$label.pred" "$@" > "$W/grobid-native.wapiti"
		"$EVAL" --test --fields --native-keywords -m "$name" "$@" > "$W/grobid-native.quire"
		"$EVAL" --test --native-keywords -m "$name" --vs "$W/$label.pred" "$@" |
			sed -n '/^paired/,$p' > "$W/grobid-native.paired"
		if [ -n "${QUIRE_CMP_MODEL:-}" ]; then
			"$EVAL" --test --fields --native-keywords -m "$QUIRE_CMP_MODEL" "$@" > "$W/grobid-native.cmp"
		fi
		if [ "${WAPITI_QUIRE_SAME:-0}" = 1 ]; then
			"$EVAL" --test --fields --native-keywords -m "$W/quire-same.crf" "$@" > "$W/grobid-native.same"
		fi
	fi
}

: > "$W/speed.txt"
# CMD ARGS... followed by every file the baseline was trained on (GROBID's
# file names hold spaces and parentheses: no word-split list)
with_mixed() {
	"$@" "$D"/anystyle-parser/core.xml "$D"/anystyle-parser/gold.xml \
		"$D"/anystyle-parser/good.xml "$D"/anystyle-parser/ugly.xml "$D"/anystyle-parser/bad.xml \
		"$D"/grobid-citation/*.xml "$D"/cora/cora.tagged.txt \
		"$D"/parscit-humanities/*.tagged.txt "$D"/parscit-other/*.tagged.txt
}
# 1-2: the mixed model, on everything the baseline was trained on
with_mixed train mixed --train-split
# 4b: quire on the same training set
if [ "${WAPITI_QUIRE_SAME:-0}" = 1 ] && [ ! -s "$W/quire-same.crf" ]; then
	echo "quire same-data model: training (refs_train, 80 iterations, $THREADS threads) ..."
	t0=$(now)
	with_mixed nice -n 10 "$B/tools/refs_train" -o "$W/quire-same.crf" --iter 80 --l1 0.5 --l2 0.001 \
		--threads "$THREADS" > "$W/quire-same.log" 2>&1
	t1=$(now)
	awk -v a="$t0" -v b="$t1" 'BEGIN { s = b - a; printf "quire same-data model: %d min %02d s wall\n", s / 60, s % 60 }' |
		tee "$W/quire-same.time"
fi
# 3-4: each dataset's test half
score "$QM" mixed anystyle "$D"/anystyle-parser/core.xml "$D"/anystyle-parser/gold.xml \
	"$D"/anystyle-parser/good.xml "$D"/anystyle-parser/ugly.xml "$D"/anystyle-parser/bad.xml
score "$QM" mixed grobid "$D"/grobid-citation/*.xml
score "$QM" mixed cora "$D"/cora/cora.tagged.txt
score "$QM" mixed parscit-humanities "$D"/parscit-humanities/*.tagged.txt
score "$QM" mixed parscit-other "$D"/parscit-other/*.tagged.txt
SETS="anystyle grobid grobid-native cora parscit-humanities parscit-other"
# 5: LinkedBooks alone
if [ "${WAPITI_SKIP_LB:-0}" != 1 ] && [ -f "$D/linkedbooks/train.conll" ]; then
	train linkedbooks --tune-split "$D"/linkedbooks/train.conll "$D"/linkedbooks/valid.conll
	score "${QUIRE_LB_MODEL:-$QM}" linkedbooks linkedbooks "$D"/linkedbooks/train.conll "$D"/linkedbooks/valid.conll
	SETS="$SETS linkedbooks"
fi

# the table: a dataset's "ALL" line, and gold.xml's own line
row() { # FILE PATTERN -> "F1 / acc / whole"
	grep -m1 -- "$2" "$1" | awk '{ for (i = 1; i <= NF; i++) {
		if ($i == "F1") f = $(i + 1); if ($i == "acc") a = $(i + 1); if ($i == "whole-ref") w = $(i + 1); if ($i == "refs") r = $(i + 1) }
		printf "%s|%s / %s / %s", r, f, a, w }'
}
echo
echo "test half (rd_is_dev 2), README protocol, quire's scorer; F1 / token accuracy / whole-reference:"
echo
EXTRA=""
hdr="| test half | refs | Wapiti | quire (shipped model) | quire − Wapiti, F1 [95% CI] |"
rule="|---|---:|---|---|---|"
if [ -n "${QUIRE_CMP_MODEL:-}" ]; then
	EXTRA="cmp"
	hdr="$hdr quire comparison model |"
	rule="$rule---|"
fi
if [ "${WAPITI_QUIRE_SAME:-0}" = 1 ]; then
	EXTRA="$EXTRA same"
	hdr="$hdr quire on Wapiti's training set |"
	rule="$rule---|"
fi
echo "$hdr"
echo "$rule"
for s in $SETS; do
	for pat in "^ALL " "anystyle-parser/gold.xml "; do
		[ "$pat" = "anystyle-parser/gold.xml " ] && [ "$s" != anystyle ] && continue
		name=$s
		[ "$pat" = "anystyle-parser/gold.xml " ] && name="anystyle gold.xml"
		wr=$(row "$W/$s.wapiti" "$pat")
		qr=$(row "$W/$s.quire" "$pat")
		dr=$(grep -m1 -- "$pat" "$W/$s.paired" | sed 's/.*  F1 \([^]]*\]\).*/\1/')
		line="| $name | ${wr%%|*} | ${wr#*|} | ${qr#*|} | $dr |"
		for x in $EXTRA; do
			if [ -f "$W/$s.$x" ]; then line="$line $(row "$W/$s.$x" "$pat" | sed 's/^[^|]*|//') |"; else line="$line — |"; fi
		done
		if [ "$s" = linkedbooks ]; then line="$line (quire: ${QUIRE_LB_MODEL:-the shipped model, not a LinkedBooks one})"; fi
		echo "$line"
	done
done
echo
cat "$W"/*.time "$W/speed.txt"
echo
for s in $SETS; do
	files="$W/$s.wf $W/$s.qf"
	names="Wapiti | quire shipped"
	[ "$s" = linkedbooks ] && [ -n "${QUIRE_LB_MODEL:-}" ] && names="Wapiti | quire LinkedBooks model"
	grep -A40 '^ALL ' "$W/$s.wapiti" | tail -n +2 > "$W/$s.wf"
	grep -A40 '^ALL ' "$W/$s.quire" | tail -n +2 > "$W/$s.qf"
	if [ -f "$W/$s.same" ]; then
		grep -A40 '^ALL ' "$W/$s.same" | tail -n +2 > "$W/$s.sf"
		files="$files $W/$s.sf"
		names="$names | quire same-data"
	fi
	echo "== $s, per field (P/R/F1): gold | $names"
	# shellcheck disable=SC2086
	awk 'FNR == 1 { fi++ }
		{ k = $1; if (!(k in seen)) { seen[k] = 1; order[++n] = k }
		  v[fi, k] = $3 "/" $5 "/" $7; g = $9; sub(/,/, "", g); if (g + 0 > gold[k] + 0) gold[k] = g }
		END { for (i = 1; i <= n; i++) { k = order[i]; line = sprintf("    %-17s %4d", k, gold[k])
			for (j = 1; j <= fi; j++) line = line sprintf(" | %-17s", ((j, k) in v) ? v[j, k] : "-")
			print line } }' $files
done
