#!/bin/sh
# tools/demo.sh — fill a fresh demo library from the sample papers and show
# one paper (what `make run` ends with).
#
#   sh tools/demo.sh [QUIRE_BINARY]     (default build/quire)
#
# The library is ./demo/library.quire, made anew each run from
# tests/fixtures/*.txt and *.md.  Nothing outside ./demo is touched.
set -eu

QUIRE=${1:-build/quire}
FIXTURES=${FIXTURES:-tests/fixtures}
DEMO=demo
LIB=$DEMO/library.quire

if [ ! -x "$QUIRE" ]; then
	echo "demo: $QUIRE not found; run make first" >&2
	exit 1
fi

files=""
for f in "$FIXTURES"/*.txt "$FIXTURES"/*.md; do
	case $(basename "$f") in README*) continue ;; esac
	[ -f "$f" ] && files="$files $f"
done
if [ -z "$files" ]; then
	echo "demo: no sample papers (*.txt, *.md) in $FIXTURES" >&2
	exit 1
fi

mkdir -p "$DEMO"
rm -f "$LIB" "$LIB-wal" "$LIB-shm"
echo "== quire init"
"$QUIRE" --library "$LIB" init
echo
echo "== quire add $FIXTURES/*"
# shellcheck disable=SC2086
"$QUIRE" --library "$LIB" add --tag demo $files || true
echo
echo "== quire list"
"$QUIRE" --library "$LIB" list

# Show the longest paper: it has the most to see (outline, references, preview).
id=$("$QUIRE" --library "$LIB" list --sort words --reverse | awk 'NR == 2 { print $1 }')
if [ -n "$id" ]; then
	echo
	echo "== quire show $id"
	"$QUIRE" --library "$LIB" show "$id"
fi
echo
echo "The demo library is $LIB; try:  $QUIRE --library $LIB help"
