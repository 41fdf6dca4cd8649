#!/bin/sh
# bench/refs_cv.sh [N] [DATA_DIR] — N-fold cross-validation (default 10)
# of quire's labeller on GROBID's citation data alone, in GROBID's own
# labels (no --harmonise: GROBID's keyword convention is learnt), to set
# beside the figure GROBID reports for its CRF (field F1 0.9448, 10-fold,
# on its corpus; shared/data/references/README.md).  Each fold's model is
# trained on the other folds (refs_train --fold K/N, two at a time, one
# thread each), then refs_eval --folds N scores every reference by its
# fold's model.  Models and logs go to ${CV_DIR:-/tmp/quire-cv}.
# Settings as the shipped model's but 60 iterations (CV_ITER).
set -eu
N=${1:-10}
DATA=${2:-../shared/data/references}
ITER=${CV_ITER:-60}
OUT=${CV_DIR:-/tmp/quire-cv}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
if [ ! -d "$DATA/grobid-citation" ]; then
	echo "refs_cv: no $DATA/grobid-citation: skipped (the shared data is not here)"
	exit 0
fi
make -s build/tools/refs_train build/tools/refs_eval
mkdir -p "$OUT"
train() {
	build/tools/refs_train --fold "$1/$N" -o "$OUT/cv.$1.crf" --iter "$ITER" \
		--l1 0.5 --l2 0.001 --threads 1 "$DATA"/grobid-citation/*.xml \
		>"$OUT/train.$1.log" 2>&1
}
start=$(date +%s)
k=0
while [ "$k" -lt "$N" ]; do
	train "$k" &
	if [ $((k + 1)) -lt "$N" ]; then
		train $((k + 1)) &
	fi
	wait
	k=$((k + 2))
done
echo "refs_cv: $N models trained in $(($(date +%s) - start)) s"
build/tools/refs_eval --folds "$N" -m "$OUT/cv.%d.crf" --fields "$DATA"/grobid-citation/*.xml |
	grep -v '^grobid-citation/.* refs      0 '
echo "--- in GROBID's keyword convention (--native-keywords):"
build/tools/refs_eval --folds "$N" -m "$OUT/cv.%d.crf" --native-keywords "$DATA"/grobid-citation/*.xml |
	grep '^ALL'
