#!/bin/sh
# bench/ir_eval.sh [DATA] [eval_ir options…] — search ranking on Cranfield and
# CACM (../shared/data/ir) against plain SQLite FTS5: nDCG@10, MAP@100,
# Recall@100, known-item success, paired bootstrap CIs (tools/eval_ir.c).
# Example: sh bench/ir_eval.sh ../shared/data/ir --set title=2 --set prox=0
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
data=${1:-../shared/data/ir}
[ $# -gt 0 ] && shift
make --no-print-directory build/tools/eval_ir >/dev/null
exec build/tools/eval_ir --data "$data" "$@"
