#!/bin/sh
# tools/make_format_fixtures_pdf.sh — makes the PDF and DOC fixtures of
# tests/fixtures/formats/pdf and tests/fixtures/formats/doc from our own
# Markdown fixtures (tests/fixtures/*.md), with real producers from Debian:
#   groff -ms -Tpdf        one-column, two-column (.2C) and footnoted PDFs
#   LibreOffice headless   a PDF and a Word 97-2003 .doc, from HTML we write
#   qpdf --encrypt         an encrypted PDF (user password "secret")
#   pandoc + LibreOffice   a PDF whose footnotes are set at the body's size
#                          with superscript markers (salt-lo-notes.pdf)
# Each PDF gets a NAME.ref.txt: its text in the order a reader should give
# it (title, body, then the footnotes, which quire puts at the end), the
# reference of the word-order score (tools/eval_pdf_order.c,
# tests/unit/test_pdf.c).
#
# The generated files are committed (CI has no LibreOffice); run this again
# only to remake them.  Needs: groff, qpdf, libreoffice-writer-nogui, pandoc.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
P=tests/fixtures/formats/pdf
D=tests/fixtures/formats/doc
mkdir -p "$P" "$D"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# md2ms SRC TWO_COLUMN(0/1) > ms
# Markdown subset of our fixtures: "# " title, "By …" byline, "## "/"### "
# headings, paragraphs, "- " items, "> " quotes, "^N" note marks with a
# "## Notes" list of "- ^N text" (made into .FS/.FE footnotes), *emphasis*.
md2ms() {
	awk -v twocol="$2" '
	function esc(s) { gsub(/\\/, "\\e", s); gsub(/\*/, "", s); return s }
	function flush() {
		if (para != "") {
			print para
			n = split(pending, k, " ")
			for (i = 1; i <= n; i++)
				if (k[i] != "") { print ".FS"; print esc(note[k[i]]); print ".FE" }
			pending = ""
		}
		para = ""
	}
	FNR == NR {
		if ($0 ~ /^## Notes/) innotes = 1
		else if ($0 ~ /^## /) innotes = 0
		else if (innotes && $0 ~ /^- \^[0-9]+ /) {
			k0 = $2; sub(/^\^/, "", k0); t = $0; sub(/^- \^[0-9]+ /, "", t); note[k0] = t
		}
		next
	}
	/^# / { t = $0; sub(/^# /, "", t)
		print ".pdfinfo_title " esc(t)
		print ".TL"; print esc(t); title = 1; next }
	title == 1 && /^By / { a = $0; sub(/^By /, "", a); print ".AU"; print esc(a); next }
	/^## Notes/ { skip = 1; flush(); next }
	/^## / { skip = 0 }
	skip { next }
	/^## / || /^### / {
		flush()
		if (title == 1 && twocol == 1) { print ".2C"; title = 2 }
		title = 2
		h = $0; sub(/^#+ /, "", h); print ".SH"; print esc(h); print ".LP"; next }
	/^$/ { flush(); inlist = 0; next }
	/^- / { flush(); t = $0; sub(/^- /, "", t); print ".IP \\(bu 2"; para = esc(t); inlist = 1; next }
	/^> / { t = $0; sub(/^> /, "", t)
		if (para == "") { print ".QP" } para = para (para == "" ? "" : "\n") esc(t); next }
	{
		if (title == 1) { title = 2; if (twocol == 1) print ".2C" }
		t = esc($0); sub(/^  +/, "", t)
		while (match(t, /\^[0-9]+/)) {
			k0 = substr(t, RSTART + 1, RLENGTH - 1)
			pending = pending " " k0
			t = substr(t, 1, RSTART - 1) "\\**" substr(t, RSTART + RLENGTH)
		}
		if (para == "" && !inlist) print ".PP"
		para = para (para == "" ? "" : "\n") t
	}
	END { flush() }' "$1" "$1"
}

# md2ref SRC > text: the words in reading order (notes at the end).
md2ref() {
	awk '
	/^## Notes/ { innotes = 1; next }
	/^## / { innotes = 0 }
	innotes && /^- \^[0-9]+ / { t = $0; sub(/^- \^/, "", t); notes = notes t "\n"; next }
	innotes { next }
	{ t = $0; gsub(/\^[0-9]+/, "", t); print t }
	END { printf "%s", notes }' "$1"
}

# md2html SRC > html (for LibreOffice)
md2html() {
	awk '
	function esc(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/\*/, "", s); gsub(/\^[0-9]+/, "", s); return s }
	function flush() { if (para != "") print "<" tag ">" para "</" tag ">"; para = "" }
	NR == 1 && /^# / { t = $0; sub(/^# /, "", t); title = esc(t)
		print "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" title "</title></head><body>"
		print "<h1>" title "</h1>"; next }
	/^## / { flush(); t = $0; sub(/^## /, "", t); print "<h2>" esc(t) "</h2>"; next }
	/^### / { flush(); t = $0; sub(/^### /, "", t); print "<h3>" esc(t) "</h3>"; next }
	/^$/ { flush(); next }
	/^- / { flush(); tag = "li"; t = $0; sub(/^- /, "", t); para = esc(t); next }
	/^> / { t = $0; sub(/^> /, "", t); if (para == "") tag = "blockquote"; para = para " " esc(t); next }
	{ if (para == "") tag = "p"; t = $0; sub(/^  +/, "", t); para = para (para == "" ? "" : " ") esc(t) }
	END { flush(); print "</body></html>" }' "$1"
}

# groff 1.22's gropdf takes the document info from a pdfmark.
cat > "$tmp/info.tmac" <<'EOF'
.de pdfinfo_title
\X'pdf: pdfmark [/Title (\\$*) /Author (Quire Fixture Press) /DOCINFO pdfmark'
..
EOF

mkpdf() { # SRC NAME TWO_COLUMN
	md2ms "$1" "$3" > "$tmp/$2.ms"
	groff -Kutf8 -ms -Tpdf -M"$tmp" -minfo -P-pa4 "$tmp/$2.ms" > "$P/$2.pdf"
	md2ref "$1" > "$P/$2.ref.txt"
}

mkpdf tests/fixtures/coral-bleaching.md coral-1col 0
mkpdf tests/fixtures/coral-bleaching.md coral-2col 1
mkpdf tests/fixtures/silk-road-lutes.md lutes-2col 1
mkpdf tests/fixtures/iron-bridges-notes.md bridges-notes 0

# LibreOffice: a PDF and a .doc from the same HTML
md2html tests/fixtures/coral-bleaching.md > "$tmp/coral-lo.html"
md2html tests/fixtures/silk-road-lutes.md > "$tmp/lutes.html"
(cd "$tmp" && soffice --headless --infilter='HTML (StarWriter)' --convert-to pdf:writer_pdf_Export coral-lo.html >/dev/null 2>&1)
cp "$tmp/coral-lo.pdf" "$P/coral-lo.pdf"
md2ref tests/fixtures/coral-bleaching.md > "$P/coral-lo.ref.txt"
for f in coral-lo lutes; do
	(cd "$tmp" && soffice --headless --convert-to 'doc:MS Word 97' "$f.html" >/dev/null 2>&1)
	cp "$tmp/$f.doc" "$D/$f.doc"
done

# pandoc → DOCX → LibreOffice PDF: footnotes at the body's size, their
# markers superscript (the size rule finds no notes there)
pandoc tests/fixtures/refs/salt-lagoon-footnotes.md -o "$tmp/salt.docx"
(cd "$tmp" && soffice --headless --convert-to pdf salt.docx >/dev/null 2>&1)
cp "$tmp/salt.pdf" "$P/salt-lo-notes.pdf"
# the same way, four pages of notes, one running onto the next page
pandoc tests/fixtures/refs/notes-heldout/oxford-university-press-note.md -o "$tmp/oup.docx"
(cd "$tmp" && soffice --headless --convert-to pdf oup.docx >/dev/null 2>&1)
cp "$tmp/oup.pdf" "$P/notes-4pages-lo.pdf"

# encrypted (needs the password "secret" to open)
qpdf --encrypt secret owner 256 -- "$P/coral-1col.pdf" "$P/encrypted.pdf"
ls -l "$P" "$D"
