#!/bin/sh
# tools/make_format_fixtures_rtf.sh — makes the RTF fixtures of
# tests/fixtures/formats/rtf/ with real software, from our own texts:
#
#   NAME.pandoc.rtf  pandoc -s -t rtf from tests/fixtures/NAME.md and from
#                    tests/fixtures/formats/rtf/features.md (footnotes, a
#                    table, a list, a quote, a code block, front matter)
#   NAME.lo.rtf      LibreOffice Writer (headless) from the same Markdown
#                    via pandoc's ODT (so styles — Title, Heading N, list
#                    and footnote styles — are LibreOffice's own), and from
#                    two plain-text fixtures opened directly as text
#
# The outputs are committed (CI has neither pandoc nor LibreOffice);
# run this again after changing a source text.  Needs: pandoc,
# libreoffice-writer-nogui.  test_rtf.c checks every file made here.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out="$top/tests/fixtures/formats/rtf"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
profile="file://$tmp/lo-profile"
mkdir -p "$out"

lo_convert() { # $1 input file; writes $tmp/<base>.rtf
	soffice -env:UserInstallation="$profile" --headless --norestore \
		--convert-to rtf --outdir "$tmp" "$1" > /dev/null 2>&1
}

for md in "$top"/tests/fixtures/*.md "$out/features.md"; do
	[ "$(basename "$md")" = README.md ] && continue
	name=$(basename "$md" .md)
	pandoc -s -f markdown -t rtf "$md" -o "$out/$name.pandoc.rtf"
	pandoc -s -f markdown -t odt "$md" -o "$tmp/$name.odt"
	lo_convert "$tmp/$name.odt"
	mv "$tmp/$name.rtf" "$out/$name.lo.rtf"
	echo "made $name.pandoc.rtf $name.lo.rtf"
done

for txt in short-note-sundials night-markets-nobib; do
	cp "$top/tests/fixtures/$txt.txt" "$tmp/$txt.txt"
	lo_convert "$tmp/$txt.txt"
	mv "$tmp/$txt.rtf" "$out/$txt.lo.rtf"
	echo "made $txt.lo.rtf"
done
