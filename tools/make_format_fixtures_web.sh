#!/bin/sh
# tools/make_format_fixtures_web.sh — regenerates the HTML and EPUB
# fixtures under tests/fixtures/formats/{html,epub} with pandoc, from our
# own papers (tests/fixtures/*.md, one *.txt read as Markdown) and from
# tests/fixtures/formats/html/notes-and-refs.md (footnotes, a
# bibliography, a nested list, a quote and a table).  The generated files
# are committed: CI has no pandoc.  Run from anywhere; needs pandoc
# (Debian: apt-get install pandoc).  The hand-written boilerplate pages
# (tests/fixtures/formats/html/page-*.html) are not generated.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
command -v pandoc >/dev/null || { echo "pandoc is not installed" >&2; exit 1; }
H=tests/fixtures/formats/html
E=tests/fixtures/formats/epub
mkdir -p "$H" "$E"
pandoc --version | head -n 1

# Markdown papers: HTML5 and EPUB 3 (the title comes from the # heading,
# given to pandoc as metadata so the EPUB has a title page like real ones)
for src in tests/fixtures/coral-bleaching.md tests/fixtures/iron-bridges-notes.md \
	   tests/fixtures/silk-road-lutes.md; do
	name=$(basename "$src" .md)
	title=$(sed -n 's/^# //p' "$src" | head -n 1)
	pandoc -f markdown -s -t html5 --metadata title="$title" "$src" -o "$H/$name.html"
	pandoc -f markdown -t epub3 --metadata title="$title" "$src" -o "$E/$name.epub"
done

# A plain-text paper read as Markdown (wrapped lines become paragraphs)
src=tests/fixtures/sourdough-trailing-refs.txt
title=$(head -n 1 "$src")
pandoc -f markdown -s -t html5 --metadata title="$title" "$src" -o "$H/sourdough-trailing-refs.html"
pandoc -f markdown -t epub2 --metadata title="$title" "$src" -o "$E/sourdough-trailing-refs.epub"

# Footnotes and a bibliography
pandoc -f markdown -s -t html5 "$H/notes-and-refs.md" -o "$H/notes-and-refs.html"
pandoc -f markdown -t epub3 "$H/notes-and-refs.md" -o "$E/notes-and-refs.epub"
echo "fixtures written to $H and $E"
