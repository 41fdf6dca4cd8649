#!/bin/sh
# make_format_fixtures_office.sh — regenerates the DOCX and ODT fixtures of
# tests/fixtures/formats/office/ from our own Markdown and text fixtures,
# with the real producers: pandoc (DOCX, ODT) and LibreOffice headless
# (DOCX and ODT as an office suite writes them, converted from pandoc's
# output and from a plain-text fixture).  The generated files are
# committed: CI has neither pandoc nor LibreOffice.
#
# Needs: pandoc, soffice (Debian: pandoc libreoffice-writer-nogui).
# Run from the repository root: sh tools/make_format_fixtures_office.sh
set -eu

out=tests/fixtures/formats/office
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for tool in pandoc soffice; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "make_format_fixtures_office.sh: $tool is not installed" >&2
		exit 1
	}
done

# pandoc: DOCX and ODT from Markdown (front matter gives core.xml/meta.xml)
for md in tests/fixtures/coral-bleaching.md "$out/canal-lock-keepers.md"; do
	name=$(basename "$md" .md)
	pandoc -f markdown -t docx -o "$out/$name.pandoc.docx" "$md"
	pandoc -f markdown -t odt -o "$out/$name.pandoc.odt" "$md"
done

# LibreOffice: DOCX from pandoc's ODT and ODT from pandoc's DOCX (so the
# styles, notes and metadata are written the way LibreOffice writes them)
cp "$out/canal-lock-keepers.pandoc.odt" "$tmp/canal-lock-keepers.odt"
cp "$out/canal-lock-keepers.pandoc.docx" "$tmp/canal-lock-keepers.docx"
soffice --headless -env:UserInstallation=file://"$tmp"/profile \
	--convert-to docx:"MS Word 2007 XML" --outdir "$tmp/docx" \
	"$tmp/canal-lock-keepers.odt" >/dev/null 2>&1
soffice --headless -env:UserInstallation=file://"$tmp"/profile \
	--convert-to odt --outdir "$tmp/odt" \
	"$tmp/canal-lock-keepers.docx" >/dev/null 2>&1
cp "$tmp/docx/canal-lock-keepers.docx" "$out/canal-lock-keepers.lo.docx"
cp "$tmp/odt/canal-lock-keepers.odt" "$out/canal-lock-keepers.lo.odt"

# LibreOffice straight from a plain-text fixture
cp tests/fixtures/short-note-sundials.txt "$tmp/short-note-sundials.txt"
for fmt in odt docx; do
	soffice --headless -env:UserInstallation=file://"$tmp"/profile \
		--infilter="Text (encoded):UTF8,LF,,," \
		--convert-to "$fmt" --outdir "$tmp/txt" \
		"$tmp/short-note-sundials.txt" >/dev/null 2>&1
	cp "$tmp/txt/short-note-sundials.$fmt" "$out/short-note-sundials.lo.$fmt"
done

ls -l "$out"
