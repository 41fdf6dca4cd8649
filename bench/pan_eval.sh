#!/bin/sh
# bench/pan_eval.sh — the evaluation of reused-passage detection in one
# command: PAN measures per obfuscation type on the PAN-format corpus,
# candidate retrieval of the winnowed index, the Clough-Stevenson short
# answers, and fingerprinting throughput.  Needs ../shared/data.
#   sh bench/pan_eval.sh [BUILD_DIR]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
B=${1:-build}
data=${QUIRE_DATA:-../shared/data}
make --no-print-directory "$B/tools/eval_pan" >/dev/null
E="$B/tools/eval_pan"
pan="$data/reuse/synthetic-pan-essays"
echo "== PAN text alignment (quotations kept, as PAN counts them)"
"$E" "$pan"
echo "== the same with quotations left out (quire check's default)"
"$E" --quotes "$pan"
echo "== candidate retrieval (index k=5, w=4)"
"$E" --retrieval "$pan"
echo "== Clough-Stevenson short answers"
"$E" --clough "$data/reuse/clough-stevenson-short-answers"
echo "== fingerprinting throughput"
"$E" --speed 64 "$pan"
