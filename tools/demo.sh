#!/bin/sh
# tools/demo.sh — fill a fresh demo library from the sample papers, show
# one paper, then serve the library on the web (what `make run` ends with).
#
#   sh tools/demo.sh [QUIRE_BINARY]     (default build/quire)
#
# The library is ./demo/library.quire, made anew each run from
# tests/fixtures/*.txt and *.md.  Nothing outside ./demo is touched.
# The server runs in the foreground on 127.0.0.1:8080 (DEMO_PORT to change
# the port, DEMO_SERVE=0 to stop before serving); Ctrl-C stops it.
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

if [ "${DEMO_SERVE:-1}" != 0 ]; then
	port=${DEMO_PORT:-8080}
	echo
	echo "== quire serve --bind 127.0.0.1 --port $port"
	echo "Open http://127.0.0.1:$port/ in a browser."
	exec "$QUIRE" --library "$LIB" serve --bind 127.0.0.1 --port "$port"
fi
