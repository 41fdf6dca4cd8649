#!/bin/sh
# refs_wapiti.sh — labelling speed: upstream Wapiti against quire's labeller
# on the same reference strings (issue 5, "Speed").
#
#   sh bench/refs_wapiti.sh [WAPITI] [BUILD]      (BUILD default: build)
#
# WAPITI is a wapiti binary built OUTSIDE the repository (its code is never
# committed), e.g.:  mkdir /tmp/wapiti && (get Jekub/Wapiti there) && make.
# Default: $WAPITI, else /tmp/wapiti/wapiti; skipped with a message when
# absent.  Wapiti is trained (its defaults: L-BFGS, rho1 0.5, rho2 0.0001;
# --maxiter $WAPITI_ITER, default 50, on 2 threads) on the training side of
# AnyStyle's core.xml with AnyStyle-like observation columns
# (bench/refs_wapiti_columns.py, patterns bench/refs_wapiti.pat, window
# -2..+2), then labels the development side of all AnyStyle files; its
# time covers labelling only (features precomputed, model load included:
# Wapiti has no separate figure).  quire's side is `refs_eval --speed` on
# the same files (features included), with -m $QUIRE_MODEL when set.
set -eu
cd "$(dirname "$0")/.."
WAPITI=${1:-${WAPITI:-/tmp/wapiti/wapiti}}
B=${2:-build}
DATA=${QUIRE_SHARED_DATA:-../shared/data}/references/anystyle-parser
ITER=${WAPITI_ITER:-50}
if [ ! -x "$WAPITI" ]; then
	echo "refs_wapiti: no wapiti binary at $WAPITI; skipped (build Wapiti in a scratch folder and pass its path)"
	exit 0
fi
[ -d "$DATA" ] || { echo "refs_wapiti: $DATA missing; skipped"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 bench/refs_wapiti_columns.py train "$DATA/core.xml" > "$tmp/train.txt"
python3 bench/refs_wapiti_columns.py dev "$DATA/core.xml" "$DATA/gold.xml" \
	"$DATA/good.xml" "$DATA/ugly.xml" "$DATA/bad.xml" > "$tmp/dev.txt"
refs=$(grep -c '^$' "$tmp/dev.txt" || true)
toks=$(grep -vc '^$' "$tmp/dev.txt" || true)
t0=$(date +%s.%N)
"$WAPITI" train -t 2 -i "$ITER" -p bench/refs_wapiti.pat "$tmp/train.txt" "$tmp/model" >"$tmp/train.log" 2>&1
t1=$(date +%s.%N)
"$WAPITI" label -m "$tmp/model" "$tmp/dev.txt" "$tmp/out.txt" >"$tmp/label.log" 2>&1
t2=$(date +%s.%N)
"$WAPITI" label -c -m "$tmp/model" "$tmp/dev.txt" /dev/null >"$tmp/check.log" 2>&1 || true
awk -v t0="$t0" -v t1="$t1" -v t2="$t2" -v n="$toks" -v r="$refs" 'BEGIN {
	printf "wapiti: trained %d iterations in %.1f s (2 threads)\n", '"$ITER"', t1 - t0;
	printf "wapiti: labelled %d references, %d tokens in %.3f s: %.0f tokens/s, %.0f references/s (1 thread, features precomputed, model load included)\n", r, n, t2 - t1, n / (t2 - t1), r / (t2 - t1) }'
grep -E "token error|sequence error" "$tmp/check.log" | sed 's/^/wapiti: /' || true
if [ -x "$B/tools/refs_eval" ]; then
	if [ -n "${QUIRE_MODEL:-}" ]; then M="-m $QUIRE_MODEL"; else M=""; fi
	# shellcheck disable=SC2086
	"$B/tools/refs_eval" $M --speed "$DATA/core.xml" "$DATA/gold.xml" \
		"$DATA/good.xml" "$DATA/ugly.xml" "$DATA/bad.xml" 2>&1 | grep -iE "tokens/s|load|references/s" | sed 's/^/quire: /' ||
		echo "quire: refs_eval --speed gave no figures (no model? set QUIRE_MODEL)"
else
	echo "quire: $B/tools/refs_eval not built (make $B/tools/refs_eval)"
fi
