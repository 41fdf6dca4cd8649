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
# a few papers in the other formats, made by real software (pandoc,
# LibreOffice, groff): the same papers are recognised as duplicates only
# when their bytes are the same, so each format shows once
for f in "$FIXTURES"/formats/office/canal-lock-keepers.lo.docx \
	"$FIXTURES"/formats/office/canal-lock-keepers.pandoc.odt \
	"$FIXTURES"/formats/epub/iron-bridges-notes.epub \
	"$FIXTURES"/formats/html/page-3-article.html \
	"$FIXTURES"/formats/rtf/features.lo.rtf \
	"$FIXTURES"/formats/pdf/bridges-notes.pdf; do
	[ -f "$f" ] && "$QUIRE" --library "$LIB" add --tag demo --tag-from-folder "$f" 2>/dev/null | tail -n 1 || true
done
# half the papers public, so a visitor who is not signed in can open some;
# a demo account (member) for the rest
n=0
for id in $("$QUIRE" --library "$LIB" list | awk 'NR > 1 { print $1 }'); do
	[ $((n % 2)) -eq 0 ] && "$QUIRE" --library "$LIB" edit "$id" --visibility public >/dev/null
	n=$((n + 1))
done
echo "demo-password" | "$QUIRE" --library "$LIB" user add demo --role member --password-stdin >/dev/null
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
	echo "Open http://127.0.0.1:$port/ in a browser (sign in as demo / demo-password"
	echo "to open the members' papers and upload your own)."
	exec "$QUIRE" --library "$LIB" serve --bind 127.0.0.1 --port "$port"
fi
